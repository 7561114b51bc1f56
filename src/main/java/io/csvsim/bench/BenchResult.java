package io.csvsim.bench;

import java.util.List;

/**
 * bench.json: Pekko's raw tell rate and the model's rates measured in the same JVM. The model
 * batches a tick of a node's I/O into one message, so besides messages it reports simulated ops.
 */
public record BenchResult(
    String scenario,
    int vms,
    double rawMsgsPerSec,
    double modelMsgsPerSec,
    double ratio,
    long modelMessages,
    long simulatedOps,
    double modelOpsPerSec,
    double simulatedSeconds,
    double wallSeconds,
    double speedup,
    long peakHeapBytes,
    List<ScalingPoint> scaling) {

  /** One size of the --scaling series. */
  public record ScalingPoint(int vms, double simulatedSeconds, double wallSeconds, long simulatedOps, long peakHeapBytes) {}
}

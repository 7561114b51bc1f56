package io.csvsim.internal.bench;

import java.util.List;

/**
 * bench.json: Pekko's raw tell rate, the floor (the same ops through one plain loop, see
 * {@link io.csvsim.internal.model.FloorLoop}) and the model's rates, measured in the same JVM. The model
 * batches a tick of a node's I/O into one message, so besides messages it reports simulated ops;
 * {@code modelToFloor} is the model's wall time over the floor's.
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
    long peakRssBytes,
    double floorSeconds,
    long floorOps,
    double modelToFloor,
    List<ScalingPoint> scaling) {

  /** One run of the --scaling series: the generated cluster at a size, or xl.conf. */
  public record ScalingPoint(String scenario, int vms, double simulatedSeconds, double wallSeconds, long simulatedOps, long peakHeapBytes,
      long peakRssBytes) {}
}

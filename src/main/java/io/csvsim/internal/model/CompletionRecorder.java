package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import java.util.List;

/**
 * What a node knows of its VMs' ops once the array reports them done: how many completed, failed
 * with a crash of the node or completed after the run's end, each VM's latency on each path and
 * what it was made of ({@link PathLatency}), and the percentiles over time ({@link LatencyBuckets}).
 * Plain logic owned by its node.
 */
final class CompletionRecorder {
  private final long endTime;
  private final IoTiming timing;
  private final TimeBuckets buckets;
  final long[] opsCompleted;
  final long[] opsFailed;
  final long[] completedAfterEnd;
  private final PathLatency[] direct;
  private final PathLatency[] redirected;
  private LatencyBuckets overTime;
  private long failIssuedBefore = Long.MIN_VALUE; // ops issued before this died with the node's last crash ...
  private long crashedAt = Long.MAX_VALUE; // ... unless they had completed by then

  CompletionRecorder(Scenario scenario, int[] localVms, TimeBuckets buckets) {
    int vms = scenario.vms().size();
    this.endTime = scenario.endTime();
    this.timing = IoTiming.of(scenario);
    this.buckets = buckets;
    opsCompleted = new long[vms];
    opsFailed = new long[vms];
    completedAfterEnd = new long[vms];
    // Histograms for this node's own VMs; a VM that arrives later gets its own when its first op completes.
    direct = new PathLatency[vms];
    redirected = new PathLatency[vms];
    for (int vm : localVms) {
      direct[vm] = new PathLatency();
      redirected[vm] = new PathLatency();
    }
    overTime = new LatencyBuckets(buckets.count(), vms);
  }

  /** A completion report reached the node at {@code now}. */
  void record(List<HyperVNode.Completed> parts, long now) {
    int closable = buckets.of(now - timing.completionLag());
    for (HyperVNode.Completed part : parts) record(part, closable);
  }

  private void record(HyperVNode.Completed completed, int closable) {
    OpRun run = completed.run();
    PathLatency[] path = run.redirected ? redirected : direct;
    long[] doneAt = completed.done();
    for (int i = completed.from(); i < completed.to(); i++) {
      int vm = run.vm(i);
      long done = doneAt[i - completed.from()];
      long issued = run.issued(i);
      if (issued < failIssuedBefore && done > crashedAt) {
        opsFailed[vm]++; // its VM died with this node before the op completed
        continue;
      }
      if (done > endTime) {
        completedAfterEnd[vm]++;
        continue;
      }
      opsCompleted[vm]++;
      long latency = done - issued;
      if (path[vm] == null) path[vm] = new PathLatency(); // a VM that arrived later, or left with ops in flight
      double array = done - run.returnLatency - run.arrival(i);
      path[vm].record(latency, run.left(i) - issued, run.heldBy(i), run.nicMicros(i), array);
      overTime.record(buckets.of(done), closable, vm, run.redirected, latency);
    }
  }

  /** The node died at {@code now}: its VMs' ops issued before {@code issuedBefore} fail unless done by now. */
  void crashed(long issuedBefore, long now) {
    failIssuedBefore = issuedBefore;
    crashedAt = now;
  }

  /** Whether an op issued then belonged to VMs that died with the node since. */
  boolean diedWithTheNode(long issued) {
    return issued < failIssuedBefore;
  }

  /** What the node recorded, handed over at the end of the run: the recorder keeps none of it, so nothing it still writes leaves it. */
  record Handover(PathLatency[] direct, PathLatency[] redirected, LatencyBuckets overTime) {}

  Handover handOver() {
    overTime.closeAll();
    Handover record = new Handover(direct.clone(), redirected.clone(), overTime);
    java.util.Arrays.fill(direct, null);
    java.util.Arrays.fill(redirected, null);
    overTime = new LatencyBuckets(buckets.count(), direct.length);
    return record;
  }
}

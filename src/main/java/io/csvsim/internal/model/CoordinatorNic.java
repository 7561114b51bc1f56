package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.internal.model.ArrivalMerge.Pending;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.ServiceTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A coordinator's NIC: the redirected ops other nodes send through it, served first come first
 * served (per-op SMB and CPU overhead plus bytes over the cluster network's bandwidth), then passed
 * on to the array. Plain logic owned by its node: the node accepts runs, asks when to flush, and
 * sends what a flush returns.
 */
final class CoordinatorNic {
  private final VmTable table;
  private final SplittableRandom random;
  private final IoTiming timing;
  private final TimeBuckets buckets;
  private final boolean exponential;
  private final long fabric;
  private final long returnLatency;
  private final ArrivalMerge waiting = new ArrivalMerge();
  private final FlushSchedule flushes = new FlushSchedule();
  private final FcfsServer server = new FcfsServer();
  private final StepFunction slowness = new StepFunction(1); // a degraded network's factor, over the share snapshot reads leave
  private final double bandwidth;
  private double degraded = 1;
  private double snapshotShare;
  private long snapshotSince;
  private double snapshotBusyMicros;
  private final OpRun.Builder toArray = new OpRun.Builder(); // one run onward per flush, of every node's ops
  private final List<ActorRef<HyperVNode.Command>> origins = new ArrayList<>();
  final double[] busyMicrosPerBucket;
  final double[] servedOpsPerBucket;
  long servedBytes;
  long maxOpsPerFlush;

  CoordinatorNic(Scenario scenario, VmTable table, SplittableRandom random, TimeBuckets buckets) {
    this.table = table;
    this.random = random;
    this.timing = IoTiming.of(scenario);
    this.buckets = buckets;
    this.exponential = scenario.network().serviceTime() == ServiceTime.EXPONENTIAL;
    this.fabric = scenario.storage().fabricLatency();
    this.returnLatency = scenario.storage().fabricLatency() + scenario.network().latency();
    this.bandwidth = scenario.network().bandwidth();
    this.busyMicrosPerBucket = new double[buckets.count()];
    this.servedOpsPerBucket = new double[buckets.count()];
  }

  /** Takes a run of redirected ops; none of them arrives before now. {@code blockLevel}: CSV 2.0's block-level redirection. */
  void accept(OpRun run, boolean blockLevel) {
    waiting.add(run, blockLevel);
  }

  /** From {@code now} on, the cluster network is {@code factor} times slower (1: healthy). */
  void slowBy(long now, double factor) {
    degraded = factor;
    slowness.set(now, degraded / (1 - snapshotShare));
  }

  /**
   * From {@code now} on, other nodes read software snapshots living here at this rate (2012): they
   * take that share of the NIC, and redirected ops are served in the rest.
   */
  void snapshotReads(long now, double bytesPerSecond) {
    accountSnapshotReads(now);
    snapshotShare = Math.min(StorageArray.MAX_BACKGROUND_SHARE, bytesPerSecond / bandwidth);
    slowness.set(now, degraded / (1 - snapshotShare));
  }

  private void accountSnapshotReads(long now) {
    if (snapshotShare > 0 && now > snapshotSince) {
      double busy = snapshotShare * (now - snapshotSince);
      snapshotBusyMicros += busy;
      buckets.spread(busyMicrosPerBucket, snapshotSince, now, busy);
    }
    snapshotSince = now;
  }

  /**
   * When the next flush is due, if one must be asked for: a window after the earliest waiting op,
   * so that a flush serves a tick's worth; -1 when none is needed.
   */
  long flushToSchedule(long now) {
    double earliest = waiting.earliest();
    if (earliest == Double.POSITIVE_INFINITY) return -1;
    long at = Math.max(now + SimClock.NEXT_INSTANT, (long) Math.ceil(earliest) + timing.window());
    return flushes.claim(at) ? at : -1;
  }

  /** Serves every op that arrived before now, in arrival order; returns them as one run for the array (null if none). */
  OpRun flush(long now) {
    flushes.fired(now);
    long before = server.served();
    origins.clear();
    waiting.serveBefore(now, this::serve);
    maxOpsPerFlush = Math.max(maxOpsPerFlush, server.served() - before);
    return toArray.size() == 0 ? null : toArray.build(origins, true, returnLatency);
  }

  private void serve(Pending p, int i, double arrival) {
    OpRun run = p.run;
    int vm = run.vm[i];
    double mean = (p.blockLevel ? table.nicBlockServiceMicros[vm] : table.nicServiceMicros[vm]) * slowness.at(server.startAt(arrival));
    double service = exponential ? Sampling.exponential(random, mean) : mean;
    double finish = server.serve(arrival, service);
    servedBytes += table.ioSize[vm];
    int bucket = buckets.of(finish - service); // microseconds of service: the bucket it starts in
    busyMicrosPerBucket[bucket] += service;
    servedOpsPerBucket[bucket]++;
    if (p.origin < 0 || p.origin >= origins.size() || origins.get(p.origin) != run.replyTo) {
      p.origin = origins.indexOf(run.replyTo); // once a run and flush, not once an op
      if (p.origin < 0) {
        p.origin = origins.size();
        origins.add(run.replyTo);
      }
    }
    toArray.addFrom(run, i, finish + fabric, finish - arrival, p.origin);
  }

  /** Every op still waiting, as the remaining parts of the runs it came in (the node went down). */
  List<Pending> takeAll() {
    return waiting.drainAll();
  }

  void addWaitingTo(long[] opsPerVm) {
    waiting.addPendingTo(opsPerVm);
  }

  long served() {
    return server.served();
  }

  /** Time busy with redirected ops and, up to {@code end}, with snapshot reads. */
  double busyMicros(long end) {
    accountSnapshotReads(end);
    return server.busyMicros() + snapshotBusyMicros;
  }

  double meanWaitMicros() {
    return server.meanWaitMicros();
  }
}

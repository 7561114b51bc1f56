package io.csvsim.model;

import io.csvsim.clock.SimClock;
import io.csvsim.model.IoProtocol.Burst;
import io.csvsim.model.IoProtocol.CarriesOps;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.ServiceTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The shared storage array: one controller serving every node's ops first come first served,
 * with finite IOPS and bandwidth, plus a base latency. Every op ends here, so this is where each
 * op's latency (completion minus issue) is recorded, per VM, direct and redirected apart.
 */
public final class StorageArray extends AbstractBehavior<StorageArray.Command> {

  public sealed interface Command {}

  /** Ops a node sends straight to the array. */
  public record DirectIo(Burst burst) implements Command, CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      burst.addOpsTo(opsPerVm);
    }
  }

  /** Redirected ops forwarded by a coordinator, each with its issue and arrival time at the array. */
  public record ForwardedIo(int[] vms, long[] issued, double[] arrivals, long returnLatency)
      implements Command, CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      for (int vm : vms) opsPerVm[vm]++;
    }
  }

  /** Bytes per second the DPM backup transfers currently read from the array. */
  public record BackupReadRate(double bytesPerSecond) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  private enum Flush implements Command { INSTANCE }

  /** Per-VM latency in microseconds on one path. */
  public static final class PathLatency {
    public final Histogram histogram = new Histogram(3_600_000_000L, 2);
    public long count;
    public double sumMicros;

    void record(long micros) {
      histogram.recordValue(Math.max(1, Math.min(micros, 3_600_000_000L)));
      count++;
      sumMicros += micros;
    }
  }

  public record Stats(
      long[] completed,
      long[] completedAfterEnd,
      PathLatency[] direct,
      PathLatency[] redirected,
      double busyMicros,
      long opsServed,
      long maxOpsPerFlush,
      double backupBytesRead,
      double meanWaitMicros) {}

  public static Behavior<Command> create(Scenario scenario, SimClock clock) {
    return clock.instrument(Behaviors.setup(ctx -> new StorageArray(ctx, scenario, clock)));
  }

  private final Scenario scenario;
  private final VmTable table;
  private final SimClock.Sender timer;
  private final SplittableRandom random;
  private final long collectDelay;
  private final List<DirectIo> directs = new ArrayList<>();
  private final List<ForwardedIo> forwarded = new ArrayList<>();
  private final OpBuffer ops = new OpBuffer();
  private int[] order = new int[1024];
  private long[] done = new long[1024];
  private final FcfsServer controller = new FcfsServer();
  private final long[] completed;
  private final long[] completedAfterEnd;
  private final PathLatency[] directLatency;
  private final PathLatency[] redirectedLatency;
  private boolean flushScheduled;
  private long maxOpsPerFlush;
  private double backupRate;
  private long backupRateSince;
  private double backupBytesRead;

  private StorageArray(ActorContext<Command> ctx, Scenario scenario, SimClock clock) {
    super(ctx);
    this.scenario = scenario;
    this.table = new VmTable(scenario);
    this.timer = clock.sender(ctx.getSelf().path().name());
    this.random = Sampling.random(scenario.seed(), "storage");
    // Redirected ops of a tick reach the array one network hop (plus the NIC's flush step) after
    // the direct ones; wait that long so that one flush merges them in arrival order.
    this.collectDelay = scenario.network().latency() + 2;
    int n = scenario.vms().size();
    completed = new long[n];
    completedAfterEnd = new long[n];
    directLatency = new PathLatency[n];
    redirectedLatency = new PathLatency[n];
    for (int i = 0; i < n; i++) {
      directLatency[i] = new PathLatency();
      redirectedLatency[i] = new PathLatency();
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(DirectIo.class, this::onDirect)
        .onMessage(ForwardedIo.class, this::onForwarded)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(BackupReadRate.class, this::onBackupRate)
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onDirect(DirectIo io) {
    directs.add(io);
    scheduleFlush();
    return this;
  }

  private Behavior<Command> onForwarded(ForwardedIo io) {
    forwarded.add(io);
    scheduleFlush();
    return this;
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      timer.tell(getContext().getSelf(), Flush.INSTANCE, collectDelay);
    }
  }

  private Behavior<Command> onBackupRate(BackupReadRate rate) {
    long now = timer.now();
    backupBytesRead += backupRate * (now - backupRateSince) / Scenario.SECOND;
    backupRate = rate.bytesPerSecond();
    backupRateSince = now;
    return this;
  }

  private Behavior<Command> onFlush() {
    flushScheduled = false;
    ops.clear();
    long fabric = scenario.storage().fabricLatency();
    for (DirectIo io : directs) spreadBurst(scenario.ioTick(), table, random, io.burst(), fabric, fabric, false, ops);
    for (ForwardedIo io : forwarded) {
      for (int i = 0; i < io.vms().length; i++) ops.add(io.vms()[i], io.issued()[i], io.arrivals()[i], io.returnLatency(), true);
    }
    directs.clear();
    forwarded.clear();
    serve();
    return this;
  }

  /** Spreads a burst's ops over its tick following each VM's arrival process. */
  static void spreadBurst(long tick, VmTable table, SplittableRandom random, Burst burst, long hopLatency, long returnLatency,
      boolean redirected, OpBuffer into) {
    for (int s = 0; s < burst.vms().length; s++) {
      int vm = burst.vms()[s];
      int n = burst.counts()[s];
      boolean constant = table.constantArrival[vm];
      for (int k = 0; k < n; k++) {
        long offset = constant ? (long) ((k + 0.5) * tick / n) : (long) (random.nextDouble() * tick);
        long issue = burst.issuedAt() + offset;
        into.add(vm, issue, Math.max(issue, burst.sentAt()) + hopLatency, returnLatency, redirected);
      }
    }
  }

  private void serve() {
    int n = ops.size;
    if (n == 0) return;
    maxOpsPerFlush = Math.max(maxOpsPerFlush, n);
    order = ops.order(order);
    if (done.length < n) done = new long[ops.vm.length];
    double slowdown = 1.0 / (1.0 - Math.min(0.9, backupRate / scenario.storage().bandwidth()));
    boolean exponential = scenario.storage().serviceTime() == ServiceTime.EXPONENTIAL;
    long base = scenario.storage().baseLatency();
    for (int j = 0; j < n; j++) {
      int i = order[j];
      int vm = ops.vm[i];
      boolean write = random.nextDouble() >= table.readRatio[vm];
      double mean = (write ? table.writeServiceMicros[vm] : table.readServiceMicros[vm]) * slowdown;
      double service = exponential ? Sampling.exponential(random, mean) : mean;
      double finish = controller.serve(ops.arrival[i], service);
      done[i] = (long) Math.ceil(finish) + base + ops.returnMicros[i];
    }
    // Recorded in insertion order, where one VM's ops sit together: its histogram stays in cache.
    long end = scenario.endTime();
    for (int i = 0; i < n; i++) {
      int vm = ops.vm[i];
      if (done[i] > end) {
        completedAfterEnd[vm]++;
        continue;
      }
      completed[vm]++;
      (ops.redirected[i] ? redirectedLatency : directLatency)[vm].record(done[i] - ops.issue[i]);
    }
  }

  private Behavior<Command> onCollect(CollectStats collect) {
    // Ops still waiting for a flush when the run stopped are in flight.
    long[] pendingOps = completedAfterEnd.clone();
    for (DirectIo io : directs) io.addOpsTo(pendingOps);
    for (ForwardedIo io : forwarded) io.addOpsTo(pendingOps);
    double bytes = backupBytesRead + backupRate * (scenario.endTime() - backupRateSince) / Scenario.SECOND;
    collect.replyTo().tell(new Stats(completed.clone(), pendingOps, directLatency, redirectedLatency,
        controller.busyMicros(), controller.served(), maxOpsPerFlush, bytes, controller.meanWaitMicros()));
    return this;
  }
}

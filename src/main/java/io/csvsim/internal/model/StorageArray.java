package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.internal.model.ArrivalMerge.Pending;
import io.csvsim.internal.model.IoProtocol.CarriesOps;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The shared storage array: one controller serving every node's ops first come first served,
 * with finite IOPS and bandwidth, plus a base latency; DPM's backup reads take their share of its
 * bandwidth. Ops reach it in runs sorted by arrival, from the nodes (direct) and from coordinators'
 * NICs (redirected); it serves them in arrival order across runs, only once no earlier op can still
 * come ({@link IoTiming}), and tells each VM's node when each op completed. The senders spread ops
 * in time and record latencies, so that this actor, the one sequential part, does only the queue.
 */
public final class StorageArray extends AbstractBehavior<StorageArray.Command> {

  public sealed interface Command {}

  /** Ops arriving at the array: a node's own (direct), or the redirected ones a coordinator's NIC passed on. */
  public record Io(List<OpRun> runs) implements Command, CarriesOps {
    public Io(OpRun run) {
      this(List.of(run));
    }

    @Override
    public void addOpsTo(long[] opsPerVm) {
      for (OpRun run : runs) run.addOpsTo(opsPerVm);
    }
  }

  /** Bytes per second the DPM backup transfers currently read from the array. */
  public record BackupReadRate(double bytesPerSecond) implements Command {}

  /** Bytes per second CSV maintenance {@code maintenance} (chkdsk, defrag) currently reads and writes. */
  public record MaintenanceLoad(int maintenance, double bytesPerSecond) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  /** At most this share of the array's bandwidth goes to backup reads and maintenance; VM ops keep the rest. [model] */
  static final double MAX_BACKGROUND_SHARE = 0.9;

  private enum Flush implements Command { INSTANCE }

  /**
   * What the array did: VM ops served, its busy time and its mean queue wait, the bytes backups
   * read and maintenance worked, and per report bucket the ops, bytes and busy time, backup reads
   * and maintenance included.
   */
  public record Stats(
      long[] pendingOps, double busyMicros, long opsServed, long maxOpsPerFlush, double backupBytesRead, double maintenanceBytes,
      double meanWaitMicros,
      double[] opsPerBucket, double[] bytesPerBucket, double[] busyMicrosPerBucket) {}

  public static Behavior<Command> create(Scenario scenario, SimClock clock) {
    return clock.instrument(Behaviors.setup(ctx -> new StorageArray(ctx, scenario, clock)));
  }

  private final Scenario scenario;
  private final VmTable table;
  private final SimClock.Sender out;
  private final IoTiming timing;
  private final ArrivalMerge waiting = new ArrivalMerge();
  private final FlushSchedule flushes = new FlushSchedule();
  private final FcfsServer controller = new FcfsServer();
  private final TimeBuckets buckets;
  private final double[] opsPerBucket;
  private final double[] bytesPerBucket;
  private final double[] busyPerBucket;
  private final long baseLatency;
  private long maxOpsPerFlush;
  private double backupRate;
  private final double[] maintenanceRates;
  private double maintenanceRate; // their sum
  private long backgroundSince;
  private double backupBytesRead;
  private double maintenanceBytes;
  private double backgroundBusyMicros;
  // How much backup reads slow VM ops: ops are served a little after they arrive, so each sees
  // the slowdown in force when its service starts.
  private final StepFunction slowdown = new StepFunction(1);
  private long servedThisFlush;

  private StorageArray(ActorContext<Command> ctx, Scenario scenario, SimClock clock) {
    super(ctx);
    this.scenario = scenario;
    this.table = new VmTable(scenario);
    this.out = clock.sender(ctx.getSelf().path().name());
    this.timing = IoTiming.of(scenario);
    this.buckets = new TimeBuckets(scenario);
    this.opsPerBucket = new double[buckets.count()];
    this.bytesPerBucket = new double[buckets.count()];
    this.busyPerBucket = new double[buckets.count()];
    this.baseLatency = scenario.storage().baseLatency();
    this.maintenanceRates = new double[scenario.maintenance().size()];
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Io.class, this::onIo)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(BackupReadRate.class, this::onBackupRate)
        .onMessage(MaintenanceLoad.class, this::onMaintenanceLoad)
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onIo(Io io) {
    for (OpRun run : io.runs()) waiting.add(run);
    scheduleFlush();
    return this;
  }

  /** The next flush, at the first tick instant that can serve the earliest waiting op (see {@link IoTiming}). */
  private void scheduleFlush() {
    double earliest = waiting.earliest();
    if (earliest == Double.POSITIVE_INFINITY) return;
    long now = out.now();
    long at = timing.arrayFlushFor(earliest, now);
    if (flushes.claim(at)) out.tell(getContext().getSelf(), Flush.INSTANCE, at - now);
  }

  private Behavior<Command> onBackupRate(BackupReadRate rate) {
    accountBackground(out.now());
    backupRate = rate.bytesPerSecond();
    slowDown();
    return this;
  }

  private Behavior<Command> onMaintenanceLoad(MaintenanceLoad load) {
    accountBackground(out.now());
    maintenanceRates[load.maintenance()] = load.bytesPerSecond();
    maintenanceRate = 0;
    for (double r : maintenanceRates) maintenanceRate += r;
    slowDown();
    return this;
  }

  /** Backup reads and maintenance take their share of the array's bandwidth; VM ops are served in the rest. */
  private void slowDown() {
    slowdown.set(out.now(), 1.0 / (1.0 - backgroundShare()));
  }

  private double backgroundShare() {
    return Math.min(MAX_BACKGROUND_SHARE, (backupRate + maintenanceRate) / scenario.storage().bandwidth());
  }

  /** Backup reads and maintenance since the last rate change: bytes, and the controller's time they took. */
  private void accountBackground(long now) {
    if (backupRate + maintenanceRate > 0 && now > backgroundSince) {
      double backup = backupRate * (now - backgroundSince) / Scenario.SECOND;
      double maintenance = maintenanceRate * (now - backgroundSince) / Scenario.SECOND;
      double busy = backgroundShare() * (now - backgroundSince);
      backupBytesRead += backup;
      maintenanceBytes += maintenance;
      backgroundBusyMicros += busy;
      buckets.spread(bytesPerBucket, backgroundSince, now, backup + maintenance);
      buckets.spread(busyPerBucket, backgroundSince, now, busy);
    }
    backgroundSince = now;
  }

  private Behavior<Command> onFlush() {
    long now = out.now();
    flushes.fired(now);
    servedThisFlush = 0;
    List<Pending> served = waiting.serveBefore(timing.arrayHorizon(now), this::serve);
    maxOpsPerFlush = Math.max(maxOpsPerFlush, servedThisFlush);
    // One message per node, whatever runs its ops came in.
    Map<ActorRef<HyperVNode.Command>, List<HyperVNode.Completed>> byNode = new LinkedHashMap<>();
    for (Pending p : served) {
      OpRun run = p.run;
      if (run.origin == null) {
        long[] done = Arrays.copyOfRange(p.done, p.servedFrom, p.next);
        byNode.computeIfAbsent(run.replyTo, r -> new ArrayList<>()).add(new HyperVNode.Completed(run, p.servedFrom, p.next, done));
      } else {
        splitByOrigin(p, byNode);
      }
      if (p.next == run.size()) p.done = null;
    }
    tellCompleted(byNode);
    scheduleFlush();
    return this;
  }

  /** A NIC's run of several nodes' ops: each node gets a run of its own ops, with their completions. */
  private static void splitByOrigin(Pending p, Map<ActorRef<HyperVNode.Command>, List<HyperVNode.Completed>> byNode) {
    OpRun run = p.run;
    long[][] done = new long[run.origins.size()][];
    OpRun[] own = run.splitByOrigin(p.servedFrom, p.next, p.done, done);
    for (int o = 0; o < own.length; o++) {
      if (own[o] == null) continue;
      byNode.computeIfAbsent(own[o].replyTo, r -> new ArrayList<>()).add(new HyperVNode.Completed(own[o], 0, own[o].size(), done[o]));
    }
  }

  /** The reports reach their nodes at the next tick instant, when the nodes work anyway. */
  private void tellCompleted(Map<ActorRef<HyperVNode.Command>, List<HyperVNode.Completed>> byNode) {
    byNode.forEach((node, parts) -> out.tell(node, new HyperVNode.IoCompleted(List.copyOf(parts)), timing.reportDelay()));
  }

  /** Serves one op in arrival order; {@code done} is when its node learns it completed. */
  private void serve(Pending p, int i, double arrival) {
    OpRun run = p.run;
    if (p.done == null) p.done = new long[run.size()];
    int vm = run.vm[i];
    double service = run.service[i] * slowdown.at(controller.startAt(arrival));
    double finish = controller.serve(arrival, service);
    p.done[i] = (long) Math.ceil(finish) + baseLatency + run.returnLatency;
    // A service lasts microseconds, a bucket minutes: credit it all to the bucket it starts in.
    int bucket = buckets.of(finish - service);
    opsPerBucket[bucket]++;
    bytesPerBucket[bucket] += table.ioSize[vm];
    busyPerBucket[bucket] += service;
    servedThisFlush++;
  }

  private Behavior<Command> onCollect(CollectStats collect) {
    // Ops still waiting when the run stopped are in flight.
    long[] pending = new long[scenario.vms().size()];
    waiting.addPendingTo(pending);
    accountBackground(scenario.endTime());
    collect.replyTo().tell(new Stats(pending, controller.busyMicros() + backgroundBusyMicros, controller.served(), maxOpsPerFlush,
        backupBytesRead, maintenanceBytes, controller.meanWaitMicros(), opsPerBucket.clone(), bytesPerBucket.clone(), busyPerBucket.clone()));
    return this;
  }
}

package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.internal.model.ArrivalMerge.Pending;
import io.csvsim.internal.model.CsvVolume.Access;
import io.csvsim.internal.model.IoProtocol.CarriesOps;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A Hyper-V host. Each I/O tick its VMs issue their ops, sent straight to the array or, while the
 * node's view says a volume is redirected and another node coordinates it, over the cluster
 * network to that coordinator; while a volume moves or fails over, its ops wait at the node. As
 * coordinator it serves the redirected ops of the other nodes through its NIC
 * ({@link CoordinatorNic}). It records each of its VMs' ops' latency, and what it was made of, when
 * the array reports the op done. It also runs the DPM agent: it asks the volume for the backup pin,
 * takes the VSS snapshot and releases the pin when the provider allows.
 */
public final class HyperVNode extends AbstractBehavior<HyperVNode.Command> {

  public sealed interface Command {}

  /** Wiring sent once by the simulation before the clock starts. */
  public record Connect(List<ActorRef<Command>> nodes, List<ActorRef<CsvVolume.Command>> volumes)
      implements Command, SimClock.Wiring {}

  /** Issues one tick of I/O; the simulation sends the first, the node schedules the rest. */
  public enum IoTick implements Command { INSTANCE }

  /**
   * Ops another node redirects through this one; none arrives before the message does. {@code
   * blockLevel}: CSV 2.0 redirects a node without its storage path at block level.
   */
  public record RedirectedIo(int fromNode, OpRun run, boolean blockLevel) implements Command, CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      run.addOpsTo(opsPerVm);
    }
  }

  /** Ops {@code from} to {@code to} of a run this node's VMs issued completed at {@code done} (as seen at this node). */
  public record Completed(OpRun run, int from, int to, long[] done) {}

  /** What one array flush completed of this node's ops. */
  public record IoCompleted(List<Completed> parts) implements Command, CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      for (Completed c : parts) for (int i = c.from(); i < c.to(); i++) opsPerVm[c.run().vm(i)]++;
    }
  }

  /**
   * A volume's new coordinator and access state, broadcast by the volume; {@code failover} tells a
   * volume moving because its coordinator was lost from one moving for a backup.
   */
  public record CsvStateChanged(int csv, int coordinator, Access access, boolean failover) implements Command {
    public CsvStateChanged(int csv, int coordinator, Access access) {
      this(csv, coordinator, access, false);
    }
  }

  /** DPM asks the agent to back up one VM. */
  public record StartBackup(long jobId, int vm, ActorRef<DpmServer.Command> replyTo) implements Command {}

  /**
   * The volume is pinned for the job after it waited {@code heldMicros} for other backups and {@code
   * maintenanceMicros} for maintenance; {@code snapshotNode}: on 2012, the node its software snapshot
   * lives on (-1: none, or a hardware snapshot read where it is surfaced).
   */
  public record BackupPrepared(long jobId, int csv, long heldMicros, long moveMicros, long maintenanceMicros, int snapshotNode)
      implements Command {
    public BackupPrepared(long jobId, int csv, long heldMicros, long moveMicros, long maintenanceMicros) {
      this(jobId, csv, heldMicros, moveMicros, maintenanceMicros, -1);
    }
  }

  /** 2012: other nodes read software snapshots living here through this node's NIC at this rate. */
  public record SnapshotReads(double bytesPerSecond) implements Command {}

  public record BackupRefused(long jobId, String reason) implements Command {}

  /** DPM has received all of the job's bytes. */
  public record TransferFinished(long jobId) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  /** The administrator starts scheduled maintenance {@code maintenance} (its index in the scenario) from this node. */
  public record StartMaintenance(int maintenance) implements Command {}

  /** The volume is held for the maintenance: coordinated here, redirected for the others. */
  public record MaintenanceGranted(int maintenance) implements Command {}

  record MaintenanceFinished(int maintenance) implements Command {}

  /**
   * A fault the scenario schedules on this node. Backup faults (requester death, snapshot failure
   * or timeout) are armed and strike the next backup they apply to; a storage-path loss strikes now.
   */
  public record InjectFault(Scenario.FaultSpec fault) implements Command {}

  /** The node dies (crash, or cut off by a partition): it stops, and its VMs with it. */
  public record Crash(Scenario.FaultKind cause) implements Command {}

  /** The node is up again, empty: the cluster restarts VMs on it only when it places them. */
  public enum Recover implements Command { INSTANCE }

  /** The cluster starts (failover, live-migration switch) a VM here. */
  public record StartVm(int vm) implements Command {}

  /** The VM left this node (live-migration switch); its ops in flight still complete here. */
  public record StopVm(int vm) implements Command {}

  /** The cluster network is {@code factor} times slower (1: back to normal). */
  public record NetworkFactor(double factor) implements Command {}

  /** DPM gave up a job (live migration before its snapshot, DPM restart): release what it holds. */
  public record AbortBackup(long jobId) implements Command {}

  /**
   * Redirected ops that {@code deadNode} could not take: the connection to it broke. They wait at
   * their node until the volume has a coordinator again.
   */
  public record RedirectBounced(int deadNode, OpRun run) implements Command, CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      run.addOpsTo(opsPerVm);
    }
  }

  private enum PathRestored implements Command { INSTANCE }

  /** The agent's snapshot hung past a VSS timeout. */
  record SnapshotTimedOut(long jobId, Scenario.SnapshotPhase phase) implements Command {}

  private enum NicFlush implements Command { INSTANCE }

  /** The agent's snapshot exists. */
  record SnapshotDone(long jobId) implements Command {}

  /**
   * A period during which this node believed it coordinated {@code csv}, and the redirected ops
   * of that volume it took in meanwhile (first and last time it took some; -1 when none).
   */
  public record Coordination(int csv, long from, long to, long servedOps, double firstServed, double lastServed) {}

  public record Stats(
      int node,
      long[] opsIssued,
      long[] opsCompleted,
      long[] opsFailed,
      long[] completedAfterEnd,
      PathLatency[] direct,
      PathLatency[] redirected,
      long[] redirectedOps,
      long[] redirectedMicros,
      long[] downtimeMicros,
      long[] heldOpsAtEnd,
      long redirectServedOps,
      long redirectServedBytes,
      double nicBusyMicros,
      double nicMeanWaitMicros,
      long forwardedOps,
      List<Coordination> coordination,
      double[] nicBusyMicrosPerBucket,
      double[] redirectServedOpsPerBucket,
      LatencyBuckets latencyOverTime,
      List<FaultEvent> faults,
      long maxHeldOps,
      long maxNicBatchOps) {}

  public static Behavior<Command> create(
      Scenario scenario, int index, ActorRef<StorageArray.Command> storage, SimClock clock) {
    return create(scenario, index, storage, clock, ModelObserver.NONE);
  }

  public static Behavior<Command> create(
      Scenario scenario, int index, ActorRef<StorageArray.Command> storage, SimClock clock, ModelObserver observer) {
    return clock.instrument(Behaviors.setup(ctx -> new HyperVNode(ctx, scenario, index, storage, clock, observer)));
  }

  private final Scenario scenario;
  private final boolean csv2; // 2012 and later: a lost path redirects at block level
  private final VmTable table;
  private final IoTiming timing;
  private final int me;
  private final ActorRef<StorageArray.Command> storage;
  private final SimClock.Sender out;
  private final boolean[] hosts;
  private int[] localVms;
  private List<ActorRef<Command>> nodes = List.of();
  private List<ActorRef<CsvVolume.Command>> volumes = List.of();

  private final int[] coordinatorOf;
  private final Access[] accessOf;
  private final boolean[] failingOver; // the volume moves because its coordinator was lost
  private final long[] coordinatingSince;
  private final long[] servedOps; // per CSV, in the current coordination period
  private final double[] firstServed;
  private final double[] lastServed;
  private final List<Coordination> coordination = new ArrayList<>();

  private final VmWorkload workload;
  private int[] active = new int[0]; // the VMs issuing I/O: running here and not paused
  private static final int DIRECT = -1;
  private static final int HOLD = -2;
  private final int[] destination; // per volume, this tick: DIRECT, HOLD or the coordinator's index
  private int[] scratch = new int[0];
  private final boolean[] paused;
  private final long[] savedForMaintenanceSince; // per VM: -1, or since when maintenance mode has it stopped
  private final long[] opsIssued;
  private final CompletionRecorder completions;
  private final long[] redirectedOps;
  private final long[] redirectedMicros;
  private final long[] downtimeMicros;

  // Ops leaving in this handler: to the array, to each coordinator; ops waiting per volume.
  private final OpRun.Builder direct = new OpRun.Builder();
  private final OpRun.Builder[] viaNode;
  private final OpRun.Builder[] held;

  private final CoordinatorNic nic;
  private final TimeBuckets buckets;
  private long forwardedOps;

  private final DpmAgent agent;
  private final MaintenanceWork maintenance;
  private boolean down;
  private Scenario.FaultKind downCause; // crash or partition: what the node's recovery is logged as
  private long lastTickAt = -1;
  private boolean pathLost;
  private long heldOps; // ops waiting for a volume to move or fail over
  private long maxHeldOps;
  private final List<FaultEvent> faults = new ArrayList<>();
  private final ModelObserver observer;

  private HyperVNode(
      ActorContext<Command> ctx, Scenario scenario, int index, ActorRef<StorageArray.Command> storage, SimClock clock,
      ModelObserver observer) {
    super(ctx);
    this.observer = observer;
    this.scenario = scenario;
    this.csv2 = scenario.platform().csv2();
    this.table = new VmTable(scenario);
    this.timing = IoTiming.of(scenario);
    this.me = index;
    this.storage = storage;
    this.out = clock.sender(ctx.getSelf().path().name());
    SplittableRandom random = Sampling.random(scenario.seed(), scenario.nodes().get(index).name());
    int vmCount = scenario.vms().size();
    this.hosts = new boolean[vmCount];
    for (int v = 0; v < vmCount; v++) hosts[v] = scenario.vms().get(v).node() == index;
    this.localVms = hostedVms();
    int csvCount = scenario.csvs().size();
    coordinatorOf = new int[csvCount];
    accessOf = new Access[csvCount];
    failingOver = new boolean[csvCount];
    coordinatingSince = new long[csvCount];
    servedOps = new long[csvCount];
    firstServed = new double[csvCount];
    lastServed = new double[csvCount];
    Arrays.fill(firstServed, -1);
    Arrays.fill(lastServed, -1);
    held = new OpRun.Builder[csvCount];
    destination = new int[csvCount];
    for (int c = 0; c < csvCount; c++) {
      coordinatorOf[c] = scenario.csvs().get(c).coordinator();
      accessOf[c] = Access.DIRECT;
      coordinatingSince[c] = coordinatorOf[c] == me ? 0 : -1;
      held[c] = new OpRun.Builder();
    }
    workload = new VmWorkload(scenario, table, scenario.nodes().get(index).name(), random.split());
    paused = new boolean[vmCount];
    savedForMaintenanceSince = new long[vmCount];
    Arrays.fill(savedForMaintenanceSince, -1);
    opsIssued = new long[vmCount];
    redirectedOps = new long[vmCount];
    redirectedMicros = new long[vmCount];
    downtimeMicros = new long[vmCount];
    buckets = new TimeBuckets(scenario);
    nic = new CoordinatorNic(scenario, table, random.split(), buckets);
    completions = new CompletionRecorder(scenario, localVms, buckets);
    agent = new DpmAgent(scenario, index, out, ctx.getSelf(), new DpmAgent.Host() {
      @Override
      public void pause(int vm, boolean pause) {
        paused[vm] = pause;
      }

      @Override
      public boolean paused(int vm) {
        return paused[vm];
      }

      @Override
      public void addDowntime(int vm, long micros) {
        downtimeMicros[vm] += micros;
      }

      @Override
      public void logFault(Scenario.FaultKind kind, String what) {
        HyperVNode.this.logFault(kind, what);
      }
    });
    viaNode = new OpRun.Builder[scenario.nodes().size()];
    for (int n = 0; n < viaNode.length; n++) viaNode[n] = new OpRun.Builder();
    maintenance = new MaintenanceWork(scenario, index, out, ctx.getSelf(), storage);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, this::onConnect)
        .onMessageEquals(IoTick.INSTANCE, this::onTick)
        .onMessage(RedirectedIo.class, this::onRedirected)
        .onMessage(IoCompleted.class, this::onIoCompleted)
        .onMessageEquals(NicFlush.INSTANCE, this::onNicFlush)
        .onMessage(CsvStateChanged.class, this::onCsvState)
        .onMessage(StartBackup.class, this::onStartBackup)
        .onMessage(BackupPrepared.class, this::onPrepared)
        .onMessage(BackupRefused.class, this::onRefused)
        .onMessage(SnapshotDone.class, this::onSnapshotDone)
        .onMessage(TransferFinished.class, this::onTransferFinished)
        .onMessage(InjectFault.class, this::onInjectFault)
        .onMessage(Crash.class, this::onCrash)
        .onMessageEquals(Recover.INSTANCE, this::onRecover)
        .onMessage(StartVm.class, this::onStartVm)
        .onMessage(StopVm.class, this::onStopVm)
        .onMessage(SnapshotReads.class, r -> {
          nic.snapshotReads(out.now(), r.bytesPerSecond());
          return this;
        })
        .onMessage(NetworkFactor.class, f -> {
          nic.slowBy(out.now(), f.factor());
          return this;
        })
        .onMessage(AbortBackup.class, this::onAbort)
        .onMessage(RedirectBounced.class, this::onBounced)
        .onMessageEquals(PathRestored.INSTANCE, this::onPathRestored)
        .onMessage(SnapshotTimedOut.class, this::onSnapshotTimedOut)
        .onMessage(StartMaintenance.class, m -> {
          maintenance.start(m.maintenance(), !down);
          return this;
        })
        .onMessage(MaintenanceGranted.class, m -> {
          maintenance.granted(m.maintenance(), down || pathLost);
          return this;
        })
        .onMessage(MaintenanceFinished.class, m -> {
          maintenance.finished(m.maintenance());
          return this;
        })
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onConnect(Connect connect) {
    nodes = List.copyOf(connect.nodes());
    volumes = List.copyOf(connect.volumes());
    agent.connect(volumes);
    maintenance.connect(volumes);
    return this;
  }

  // ---- VM I/O -------------------------------------------------------------------------------

  private Behavior<Command> onTick() {
    long now = out.now();
    long tick = scenario.ioTick();
    if (now + tick < scenario.endTime()) out.tell(getContext().getSelf(), IoTick.INSTANCE, tick); // a tick covers [now, now + tick)
    lastTickAt = now;
    int running = 0;
    if (scratch.length < localVms.length) scratch = new int[localVms.length];
    for (int vm : localVms) {
      if (paused[vm] || savedForMaintenanceSince[vm] >= 0) continue;
      scratch[running++] = vm;
      if (redirects(table.csv[vm])) redirectedMicros[vm] += tick;
    }
    // The same array while the same VMs run, so the workload knows it need not recompute their rates.
    if (!Arrays.equals(scratch, 0, running, active, 0, active.length)) active = Arrays.copyOf(scratch, running);
    workload.issue(active, now, tick);
    // Where each volume's ops go this tick: the array, a coordinator, or nowhere yet (held).
    long fabric = scenario.storage().fabricLatency();
    long hop = scenario.network().latency();
    for (int c = 0; c < destination.length; c++) destination[c] = waits(c) ? HOLD : redirects(c) ? coordinatorOf[c] : DIRECT;
    for (int i = 0; i < workload.size; i++) {
      int vm = workload.vm[i];
      opsIssued[vm]++;
      long issued = workload.issued[i];
      int to = destination[table.csv[vm]];
      if (to == DIRECT) {
        direct.add(vm, issued, issued + fabric, workload.service[i]); // the common case
      } else if (to == HOLD) {
        route(vm, issued, issued, null, workload.service[i]);
      } else {
        viaNode[to].add(vm, issued, issued + hop, workload.service[i]);
        redirectedOps[vm]++;
      }
    }
    sendRuns();
    return this;
  }

  /**
   * I/O to the volume waits: it is moving or failing over, or (a LUN without CSV) this node has
   * lost its path to it and multipath queues the I/O until the path is back.
   */
  private boolean waits(int csv) {
    return accessOf[csv] == Access.MOVING || (pathLost && scenario.mode() == Scenario.Mode.NON_CSV);
  }

  private boolean redirects(int csv) {
    // Ops issued before maintenance mode stopped their VMs drain through the coordinator.
    return (accessOf[csv] == Access.REDIRECTED || accessOf[csv] == Access.MAINTENANCE || pathLost) && coordinatorOf[csv] != me;
  }

  /** Why ops of the volume wait at this node now. */
  private LatencyCause holdCause(int csv) {
    if (accessOf[csv] != Access.MOVING) return LatencyCause.LOST_PATH;
    return failingOver[csv] ? LatencyCause.FAILOVER : LatencyCause.OWNERSHIP_MOVE;
  }

  /**
   * Sends an op on its way from {@code left} (no earlier than now): held while its volume waits,
   * else to the array or to the volume's coordinator. {@code heldBy}: why it waited, if it did.
   */
  private void route(int vm, long issued, long left, LatencyCause heldBy, float service) {
    int csv = table.csv[vm];
    if (waits(csv)) {
      held[csv].add(vm, issued, issued, issued, service, 0, holdCause(csv));
      heldOps++;
      maxHeldOps = Math.max(maxHeldOps, heldOps);
    } else if (redirects(csv)) {
      viaNode[coordinatorOf[csv]].add(vm, issued, left, left + scenario.network().latency(), service, 0, heldBy);
      redirectedOps[vm]++;
    } else {
      direct.add(vm, issued, left, left + scenario.storage().fabricLatency(), service, 0, heldBy);
    }
  }

  /** What this handler routed leaves: one message to the array, one to each coordinator. */
  private void sendRuns() {
    if (direct.size() > 0) {
      long fabric = scenario.storage().fabricLatency();
      out.tell(storage, new StorageArray.Io(direct.build(getContext().getSelf(), false, fabric)), fabric);
    }
    for (int n = 0; n < viaNode.length; n++) {
      if (viaNode[n].size() > 0) {
        out.tell(nodes.get(n), new RedirectedIo(me, viaNode[n].build(getContext().getSelf(), true, 0), pathLost && csv2), scenario.network().latency());
      }
    }
  }

  private Behavior<Command> onCsvState(CsvStateChanged change) {
    int csv = change.csv();
    long now = out.now();
    boolean wasCoordinator = coordinatingSince[csv] >= 0;
    boolean isCoordinator = change.coordinator() == me && !down;
    if (wasCoordinator && !isCoordinator) {
      endCoordination(csv, now);
    } else if (!wasCoordinator && isCoordinator) {
      coordinatingSince[csv] = now;
    }
    coordinatorOf[csv] = change.coordinator();
    boolean wasMaintenance = accessOf[csv] == Access.MAINTENANCE;
    accessOf[csv] = change.access();
    if (wasMaintenance != (change.access() == Access.MAINTENANCE)) {
      for (int vm : localVms) if (table.csv[vm] == csv) saveForMaintenance(vm, !wasMaintenance, now);
    }
    failingOver[csv] = change.failover();
    releaseHeld(csv, now);
    return this;
  }

  /** Ops held while the volume moved (or the path was gone) leave now, by the path the new state gives them. */
  private void releaseHeld(int csv, long now) {
    if (waits(csv) || held[csv].size() == 0) return;
    OpRun waited = held[csv].build(getContext().getSelf(), false, 0);
    heldOps -= waited.size();
    for (int i = 0; i < waited.size(); i++) {
      route(waited.vm(i), waited.issued(i), Math.max(waited.issued(i), now), waited.heldBy(i), (float) waited.service(i));
    }
    sendRuns();
  }

  /** Maintenance mode stops (saves) a VM using its volume and starts it again at its end: downtime meanwhile. */
  private void saveForMaintenance(int vm, boolean save, long now) {
    if (save && savedForMaintenanceSince[vm] < 0) {
      savedForMaintenanceSince[vm] = now;
    } else if (!save && savedForMaintenanceSince[vm] >= 0) {
      downtimeMicros[vm] += now - savedForMaintenanceSince[vm];
      savedForMaintenanceSince[vm] = -1;
    }
  }

  private void endCoordination(int csv, long now) {
    coordination.add(new Coordination(csv, coordinatingSince[csv], now, servedOps[csv], firstServed[csv], lastServed[csv]));
    coordinatingSince[csv] = -1;
    servedOps[csv] = 0;
    firstServed[csv] = -1;
    lastServed[csv] = -1;
  }

  // ---- Coordinator: redirected I/O through the NIC -------------------------------------------

  private Behavior<Command> onRedirected(RedirectedIo io) {
    OpRun run = io.run();
    if (down) {
      out.tell(run.replyTo, new RedirectBounced(me, run), scenario.network().latency());
      return this;
    }
    long now = out.now();
    long hop = scenario.network().latency();
    OpRun.Builder mine = null;
    boolean all = true;
    for (int i = 0; i < run.size(); i++) {
      int csv = table.csv[run.vm(i)];
      if (coordinatorOf[csv] == me) {
        servedOps[csv]++;
        if (firstServed[csv] < 0) firstServed[csv] = now;
        lastServed[csv] = now;
        if (!all) mine.addFrom(run, i, run.arrival(i), 0);
      } else {
        // The volume moved while these ops travelled: pass them on to its coordinator.
        if (all) {
          all = false;
          mine = new OpRun.Builder();
          for (int k = 0; k < i; k++) mine.addFrom(run, k, run.arrival(k), 0);
        }
        viaNode[coordinatorOf[csv]].addFrom(run, i, now + hop, 0);
        forwardedOps++;
      }
    }
    for (int n = 0; n < viaNode.length; n++) {
      if (viaNode[n].size() > 0) {
        out.tell(nodes.get(n), new RedirectedIo(io.fromNode(), viaNode[n].build(run.replyTo, true, 0), io.blockLevel()), hop);
      }
    }
    OpRun accepted = all ? run : mine.build(run.replyTo, true, 0);
    if (accepted.size() == 0) return this;
    nic.accept(accepted, io.blockLevel());
    scheduleNicFlush(now);
    return this;
  }

  private void scheduleNicFlush(long now) {
    long at = nic.flushToSchedule(now);
    if (at >= 0) out.tell(getContext().getSelf(), NicFlush.INSTANCE, at - now);
  }

  private Behavior<Command> onNicFlush() {
    long now = out.now();
    long fabric = scenario.storage().fabricLatency();
    OpRun run = nic.flush(now);
    if (run != null) out.tell(storage, new StorageArray.Io(run), fabric);
    scheduleNicFlush(now);
    return this;
  }

  // ---- Completions: the latency each op saw, recorded where its VM runs ------------------------

  private Behavior<Command> onIoCompleted(IoCompleted completed) {
    completions.record(completed.parts(), out.now());
    return this;
  }

  // ---- DPM agent (DpmAgent) and faults --------------------------------------------------------

  private Behavior<Command> onStartBackup(StartBackup start) {
    if (!down) agent.start(start.jobId(), start.vm(), start.replyTo(), pathLost); // DPM learns of a lost agent from the cluster
    return this;
  }

  private Behavior<Command> onInjectFault(InjectFault inject) {
    if (inject.fault().kind() == Scenario.FaultKind.STORAGE_PATH_LOSS) loseStoragePath(inject.fault());
    else agent.arm(inject.fault());
    return this;
  }

  private void loseStoragePath(Scenario.FaultSpec fault) {
    if (down || pathLost) {
      logFault(fault.kind(), down ? "node is down: no effect" : "path already lost: no effect");
      return;
    }
    pathLost = true;
    long hop = scenario.network().latency();
    agent.pathLost();
    maintenance.dropAll();
    for (ActorRef<CsvVolume.Command> volume : volumes) out.tell(volume, new CsvVolume.StoragePath(me, false), hop);
    if (fault.duration() > 0) out.tell(getContext().getSelf(), PathRestored.INSTANCE, fault.duration());
    logFault(fault.kind(), "lost its storage path: all its I/O goes redirected through the coordinators"
        + (fault.duration() > 0 ? " for " + fault.duration() / Scenario.SECOND + " s" : ""));
  }

  private Behavior<Command> onPathRestored() {
    if (!pathLost) return this;
    pathLost = false;
    for (int c = 0; c < held.length; c++) releaseHeld(c, out.now());
    for (ActorRef<CsvVolume.Command> volume : volumes) out.tell(volume, new CsvVolume.StoragePath(me, true), scenario.network().latency());
    logFault(Scenario.FaultKind.STORAGE_PATH_LOSS, "storage path restored: direct I/O again");
    return this;
  }

  // ---- Crash, recovery and VM placement ------------------------------------------------------

  private Behavior<Command> onCrash(Crash crash) {
    if (down) return this;
    long now = out.now();
    down = true;
    downCause = crash.cause();
    // Every op of a tick already issued belongs to the VMs that die now, unless it completed first.
    completions.crashed(lastTickAt < 0 ? now : lastTickAt + scenario.ioTick(), now);
    int lost = localVms.length;
    for (int vm : localVms) saveForMaintenance(vm, false, now);
    Arrays.fill(hosts, false);
    localVms = new int[0];
    for (OpRun.Builder waiting : held) {
      waiting.addOpsTo(completions.opsFailed);
      waiting.build(getContext().getSelf(), false, 0);
    }
    heldOps = 0;
    // Other nodes' ops still queued at this node's NIC go back to them, as a broken connection would.
    for (Pending p : nic.takeAll()) {
      OpRun.Builder rest = new OpRun.Builder();
      for (int i = p.next; i < p.run.size(); i++) rest.addFrom(p.run, i, p.run.arrival(i), 0);
      out.tell(p.run.replyTo, new RedirectBounced(me, rest.build(p.run.replyTo, true, 0)), scenario.network().latency());
    }
    for (int c = 0; c < coordinatingSince.length; c++) if (coordinatingSince[c] >= 0) endCoordination(c, now);
    agent.crashed(); // DPM hears of it from the cluster
    maintenance.dropAll();
    Arrays.fill(paused, false); // a lost storage path stays lost: its restore is still on its way
    logFault(crash.cause(), "down: " + lost + " VMs stopped with it, their outstanding I/O failed");
    return this;
  }

  private Behavior<Command> onRecover() {
    if (!down) return this;
    down = false;
    long now = out.now();
    for (int c = 0; c < coordinatorOf.length; c++) if (coordinatorOf[c] == me) coordinatingSince[c] = now;
    logFault(downCause, "back up, with no VMs: the cluster places VMs on it again as they start");
    return this;
  }

  private Behavior<Command> onStartVm(StartVm start) {
    if (down) return this;
    hosts[start.vm()] = true;
    workload.started(start.vm());
    if (accessOf[table.csv[start.vm()]] == Access.MAINTENANCE) saveForMaintenance(start.vm(), true, out.now()); // stays stopped
    localVms = hostedVms();
    return this;
  }

  private Behavior<Command> onStopVm(StopVm stop) {
    hosts[stop.vm()] = false;
    paused[stop.vm()] = false;
    saveForMaintenance(stop.vm(), false, out.now());
    localVms = hostedVms();
    return this;
  }

  private int[] hostedVms() {
    return java.util.stream.IntStream.range(0, hosts.length).filter(v -> hosts[v]).toArray();
  }

  private Behavior<Command> onBounced(RedirectBounced bounced) {
    OpRun run = bounced.run();
    long now = out.now();
    for (int i = 0; i < run.size(); i++) {
      int vm = run.vm(i);
      if (completions.diedWithTheNode(run.issued(i))) {
        completions.opsFailed[vm]++; // sent by VMs that died with this node meanwhile
        continue;
      }
      int csv = table.csv[vm];
      redirectedOps[vm]--; // counted again if it leaves redirected
      if (coordinatorOf[csv] == bounced.deadNode() && accessOf[csv] != Access.MOVING) {
        // Still no word of a new coordinator: this node's I/O to the volume waits for it.
        accessOf[csv] = Access.MOVING;
        failingOver[csv] = true;
      }
      route(vm, run.issued(i), Math.max(run.left(i), now), run.heldBy(i), (float) run.service(i));
    }
    sendRuns(); // what could leave: one message per destination
    return this;
  }

  private void logFault(Scenario.FaultKind kind, String what) {
    FaultEvent event = new FaultEvent(out.now(), kind.label(), scenario.nodes().get(me).name(), what);
    faults.add(event);
    observer.fault(event);
  }

  private Behavior<Command> onPrepared(BackupPrepared prepared) {
    agent.prepared(prepared, down);
    return this;
  }

  private Behavior<Command> onRefused(BackupRefused refused) {
    agent.refused(refused);
    return this;
  }

  private Behavior<Command> onSnapshotDone(SnapshotDone done) {
    agent.snapshotDone(done.jobId());
    return this;
  }

  private Behavior<Command> onSnapshotTimedOut(SnapshotTimedOut timedOut) {
    agent.snapshotTimedOut(timedOut.jobId(), timedOut.phase());
    return this;
  }

  private Behavior<Command> onAbort(AbortBackup abort) {
    agent.abort(abort.jobId());
    return this;
  }

  private Behavior<Command> onTransferFinished(TransferFinished finished) {
    agent.transferFinished(finished.jobId());
    return this;
  }

  // ---- Statistics --------------------------------------------------------------------------

  private Behavior<Command> onCollect(CollectStats collect) {
    CompletionRecorder.Handover record = completions.handOver();
    long[] downtime = downtimeMicros.clone();
    for (int vm = 0; vm < downtime.length; vm++) {
      if (savedForMaintenanceSince[vm] >= 0) downtime[vm] += scenario.endTime() - savedForMaintenanceSince[vm]; // still stopped
    }
    long[] heldAtEnd = new long[opsIssued.length];
    for (OpRun.Builder waiting : held) waiting.addOpsTo(heldAtEnd);
    nic.addWaitingTo(heldAtEnd);
    List<Coordination> periods = new ArrayList<>(coordination);
    for (int c = 0; c < coordinatingSince.length; c++) {
      if (coordinatingSince[c] >= 0) {
        periods.add(new Coordination(c, coordinatingSince[c], scenario.endTime(), servedOps[c], firstServed[c], lastServed[c]));
      }
    }
    collect.replyTo().tell(new Stats(me, opsIssued.clone(), completions.opsCompleted.clone(), completions.opsFailed.clone(),
        completions.completedAfterEnd.clone(), record.direct(), record.redirected(), redirectedOps.clone(), redirectedMicros.clone(), downtime, heldAtEnd,
        nic.served(), nic.servedBytes, nic.busyMicros(scenario.endTime()), nic.meanWaitMicros(), forwardedOps, List.copyOf(periods),
        nic.busyMicrosPerBucket.clone(), nic.servedOpsPerBucket.clone(), record.overTime(), List.copyOf(faults), maxHeldOps,
        nic.maxOpsPerFlush));
    return this;
  }
}

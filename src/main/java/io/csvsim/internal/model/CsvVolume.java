package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.scenario.Scenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A Cluster Shared Volume: one coordinator, an access state and a backup state. A backup pins it
 * to the backing-up node (moving ownership there first) and puts every other node into redirected
 * access until the pin is cleared. While pinned it holds (patched 2008 R2) or refuses (unpatched,
 * KB975354 issue 2) other nodes' pin requests: backups serialise here, nowhere else.
 *
 * <p>Maintenance (chkdsk, defrag, redirected access) holds the volume the same way, from the node
 * that runs it: it queues with the backups, moves the coordinator there and redirects the others.
 *
 * <p>On 2012 (CSV 2.0) a backup neither moves the coordinator nor redirects anyone: the backups asked
 * for within a batch window share one snapshot the volume takes for them, a software one living on
 * the coordinator; backups asking while it is taken wait for the next. On 2012 R2 the volume also
 * tells the cluster its coordinator and whether it may move, and moves when the cluster asks.
 *
 * <p>In non-CSV mode the volume is a LUN used by its owner node alone: pins are granted at once,
 * in parallel, and nothing is ever redirected.
 */
public final class CsvVolume extends AbstractBehavior<CsvVolume.Command> {

  /** MAINTENANCE: maintenance mode, the volume's VMs stopped and only its coordinator using it. */
  public enum Access { DIRECT, REDIRECTED, MOVING, MAINTENANCE }

  public sealed interface Command {}

  /** ClusterPrepareSharedVolumeForBackup on behalf of {@code node}'s backup job. */
  public record PrepareForBackup(long jobId, int node, ActorRef<HyperVNode.Command> replyTo) implements Command {}

  /**
   * An administrator asks, from {@code node}, for the volume for scheduled maintenance {@code
   * maintenance}; {@code nodeUp} false: the node is down and the attempt fails.
   */
  public record PrepareForMaintenance(int maintenance, int node, ActorRef<HyperVNode.Command> replyTo, boolean nodeUp) implements Command {}

  /** The maintenance is over: back to direct access. */
  public record EndMaintenance(int maintenance) implements Command {}

  /** ClusterClearBackupStateForSharedVolume by the job that holds the pin. */
  public record ClearBackupState(long jobId) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  /** The holder's VSS requester died: the cluster clears the orphaned backup state after the auto-clear time. */
  public record RequesterDied(long jobId) implements Command {}

  /** An administrator clears the backup state, whoever holds it (ClusterClearBackupStateForSharedVolume). */
  public enum OperatorClear implements Command { INSTANCE }

  /** The requester gave up a backup it has not been granted yet: its request leaves the queue. */
  public record Withdraw(long jobId) implements Command {}

  /** The cluster declared {@code node} down ({@code cause}: crash or partition). */
  public record NodeDown(int node, Scenario.FaultKind cause) implements Command {}

  public record NodeUp(int node) implements Command {}

  /** A node lost ({@code available} false) or regained its path to the storage. */
  public record StoragePath(int node, boolean available) implements Command {}

  private enum FailoverDone implements Command { INSTANCE }

  /** 2012 R2: where the volume reports its coordinator; sent once before the clock starts. */
  public record Connect(ActorRef<FailoverCluster.Command> cluster) implements Command, SimClock.Wiring {}

  /** 2012 R2: the cluster asks the volume to move its coordinator to {@code target} (it declines when busy). */
  public record MoveCoordinator(int target) implements Command {}

  private record RebalanceDone(int target) implements Command {}

  /** 2012: the batch window is over; the volume takes the batch's snapshot. */
  private enum BatchDue implements Command { INSTANCE }

  private record SnapshotTaken(long snapshot) implements Command {}

  private record MoveDone(Request request) implements Command {}

  private record AutoClear(long jobId) implements Command {}

  /** A backup job's or (with {@code maintenance} >= 0, and a negative id) maintenance's request for the volume. */
  private record Request(long jobId, int node, ActorRef<HyperVNode.Command> replyTo, long requestedAt, int maintenance) {
    static Request backup(long jobId, int node, ActorRef<HyperVNode.Command> replyTo, long now) {
      return new Request(jobId, node, replyTo, now, -1);
    }

    static Request maintenance(int maintenance, int node, ActorRef<HyperVNode.Command> replyTo, long now) {
      return new Request(-1L - maintenance, node, replyTo, now, maintenance);
    }

    boolean isMaintenance() {
      return maintenance >= 0;
    }
  }

  public enum MaintenanceOutcome {
    DONE, REFUSED, INTERRUPTED, RUNNING_AT_END, WAITING_AT_END;

    public String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /**
   * What became of scheduled maintenance {@code maintenance}: asked for at {@code requestedAt},
   * holding the volume over [{@code from}, {@code to}) ({@code from} -1: never held), and why it
   * was refused or interrupted (empty otherwise).
   */
  public record MaintenancePeriod(int maintenance, int node, long requestedAt, long from, long to, MaintenanceOutcome outcome, String reason) {}

  /** A period during which {@code node} held the volume for a backup. */
  public record Pin(long jobId, int node, long from, long to) {}

  /**
   * 2012: a snapshot the volume took over [{@code from}, {@code to}) for {@code jobs} backups, living
   * on {@code node} (software) or -1 (hardware, surfaced where each is read); {@code lost}: its node
   * went down before it was done.
   */
  public record Snapshot(long from, long to, int node, int jobs, boolean lost) {}

  /** 2012: a job the volume prepared, since when, and where the snapshot it reads lives (-1: hardware). */
  private record Reader(Request request, long since, int snapshotNode) {}

  /** Coordinator from {@code at} on. */
  public record Ownership(long at, int node) {}

  /** The volume's access state and coordinator over [from, to). */
  public record AccessPeriod(long from, long to, Access access, int coordinator) {}

  public record Stats(
      String name,
      long redirectedMicros,
      long movingMicros,
      int ownershipMoves,
      int refusedRequests,
      List<Pin> pins,
      List<Ownership> ownership,
      List<AccessPeriod> periods,
      List<FaultEvent> faults,
      java.util.Set<Long> releasedWithoutHolder,
      int failovers,
      int maxWaitingRequests,
      List<MaintenancePeriod> maintenance,
      List<Snapshot> snapshots) {}

  public static Behavior<Command> create(
      Scenario scenario, int index, List<ActorRef<HyperVNode.Command>> nodes, SimClock clock) {
    return create(scenario, index, nodes, clock, ModelObserver.NONE);
  }

  public static Behavior<Command> create(
      Scenario scenario, int index, List<ActorRef<HyperVNode.Command>> nodes, SimClock clock, ModelObserver observer) {
    return clock.instrument(Behaviors.setup(ctx -> new CsvVolume(ctx, scenario, index, nodes, clock, observer)));
  }

  private final Scenario scenario;
  private final int index;
  private final List<ActorRef<HyperVNode.Command>> nodes;
  private final SimClock.Sender out;
  private final ModelObserver observer;
  private final boolean shared;
  private final boolean csv2; // 2012 and later: backups batch on one snapshot and redirect nothing
  private final boolean rebalanced; // 2012 R2: the cluster spreads coordinators
  private ActorRef<FailoverCluster.Command> cluster;
  private final List<Request> batch = new ArrayList<>(); // asked for within the open batch window
  private boolean batchDue;
  private List<Request> snapshotting; // the batch whose snapshot is being taken; null when none
  private long snapshotSince;
  private int snapshotNode;
  private int snapshotJobs; // the batch's backups when its snapshot began, whatever became of them
  private long snapshotCount;
  private final java.util.Map<Long, Reader> readers = new java.util.LinkedHashMap<>();
  private final List<Snapshot> snapshots = new ArrayList<>();
  private boolean rebalancing; // moving to the node the cluster asked for
  private int reportedCoordinator = -1;
  private boolean reportedMovable;
  private final long hop;
  private int coordinator;
  private int coordinatorBefore; // the coordinator while the current access state began
  private Access access = Access.DIRECT;
  private long accessSince;
  private Request holder;
  private long holderSince;
  private final boolean[] down;
  private final boolean[] noPath;
  private boolean failingOver; // the coordinator was lost: a new one is being chosen, I/O waits
  private boolean orphaned; // no node could take over: waits for one to come back
  private int failovers;
  private int maxWaiting;
  private final List<Request> parallelHolders = new ArrayList<>();
  private final Deque<Request> waiting = new ArrayDeque<>();
  private long redirectedMicros;
  private long movingMicros;
  private int moves;
  private int refused;
  private final List<Pin> pins = new ArrayList<>();
  private final List<Ownership> ownership = new ArrayList<>();
  private final List<AccessPeriod> periods = new ArrayList<>();
  private final List<FaultEvent> faults = new ArrayList<>();
  private final List<MaintenancePeriod> maintenance = new ArrayList<>();
  // Jobs whose pin ended without the job's own clear: an operator clear or a dead requester.
  private final java.util.Set<Long> releasedWithoutHolder = new java.util.TreeSet<>();

  private CsvVolume(
      ActorContext<Command> ctx, Scenario scenario, int index, List<ActorRef<HyperVNode.Command>> nodes, SimClock clock,
      ModelObserver observer) {
    super(ctx);
    this.observer = observer;
    this.scenario = scenario;
    this.index = index;
    this.nodes = List.copyOf(nodes);
    this.out = clock.sender(ctx.getSelf().path().name());
    this.shared = scenario.mode() == Scenario.Mode.CSV;
    this.csv2 = scenario.batchesSnapshots();
    this.rebalanced = scenario.rebalancesCoordinators();
    this.hop = scenario.network().latency();
    this.coordinator = scenario.csvs().get(index).coordinator();
    this.coordinatorBefore = coordinator;
    ownership.add(new Ownership(0, coordinator));
    this.down = new boolean[scenario.nodes().size()];
    this.noPath = new boolean[scenario.nodes().size()];
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PrepareForBackup.class, p -> onPrepare(Request.backup(p.jobId(), p.node(), p.replyTo(), out.now())))
        .onMessage(PrepareForMaintenance.class, this::onPrepareMaintenance)
        .onMessage(EndMaintenance.class, this::onEndMaintenance)
        .onMessage(MoveDone.class, this::onMoveDone)
        .onMessage(ClearBackupState.class, this::onClear)
        .onMessage(RequesterDied.class, this::onRequesterDied)
        .onMessage(AutoClear.class, this::onAutoClear)
        .onMessageEquals(OperatorClear.INSTANCE, this::onOperatorClear)
        .onMessage(NodeDown.class, this::onNodeDown)
        .onMessage(Withdraw.class, w -> {
          waiting.removeIf(r -> r.jobId() == w.jobId());
          batch.removeIf(r -> r.jobId() == w.jobId());
          report();
          return this;
        })
        .onMessage(Connect.class, c -> {
          cluster = c.cluster();
          return this;
        })
        .onMessageEquals(BatchDue.INSTANCE, this::onBatchDue)
        .onMessage(SnapshotTaken.class, this::onSnapshotTaken)
        .onMessage(MoveCoordinator.class, this::onMoveCoordinator)
        .onMessage(RebalanceDone.class, this::onRebalanceDone)
        .onMessage(NodeUp.class, up -> {
          down[up.node()] = false;
          reportAgain();
          return regained();
        })
        .onMessage(StoragePath.class, this::onStoragePath)
        .onMessageEquals(FailoverDone.INSTANCE, this::onFailoverDone)
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onPrepareMaintenance(PrepareForMaintenance prepare) {
    Request request = Request.maintenance(prepare.maintenance(), prepare.node(), prepare.replyTo(), out.now());
    if (!prepare.nodeUp()) {
      refuse(request, scenario.nodes().get(request.node()).name() + " is down: the maintenance could not start");
      return this;
    }
    return onPrepare(request);
  }

  private Behavior<Command> onPrepare(Request request) {
    if (!shared) {
      parallelHolders.add(request);
      out.tell(request.replyTo(), new HyperVNode.BackupPrepared(request.jobId(), index, 0, 0, 0), hop);
      return this;
    }
    if (down[request.node()] || noPath[request.node()]) {
      refuse(request, "cannot-coordinate: " + scenario.nodes().get(request.node()).name() + " is "
          + (down[request.node()] ? "down" : "without a storage path") + " and cannot become " + name() + "'s coordinator");
      return this;
    }
    if (csv2) {
      if (mustWait(request.isMaintenance())) {
        waiting.add(request);
        maxWaiting = Math.max(maxWaiting, waiting.size());
      } else if (request.isMaintenance()) {
        grant(request);
      } else {
        joinBatch(request);
      }
      report();
      return this;
    }
    boolean busy = taken();
    if (!busy) {
      grant(request);
    } else if (!scenario.patched() && holder != null
        && (holder.isMaintenance() || request.isMaintenance() || holder.node() != request.node())) {
      refused++;
      String heldBy = name() + " is held by " + scenario.nodes().get(holder.node()).name() + "'s " + what(holder);
      refuse(request, (holder.isMaintenance() ? "csv-in-maintenance: " : "csv-in-backup: ") + heldBy
          + "; a second holder fails on unpatched 2008 R2 (KB975354)");
    } else {
      waiting.add(request);
      maxWaiting = Math.max(maxWaiting, waiting.size());
    }
    return this;
  }

  /** A backup's refusal goes to its agent; maintenance's is recorded here. */
  private void refuse(Request request, String reason) {
    if (request.isMaintenance()) {
      maintenance.add(new MaintenancePeriod(request.maintenance(), request.node(), request.requestedAt(), -1, out.now(),
          MaintenanceOutcome.REFUSED, reason));
    } else {
      out.tell(request.replyTo(), new HyperVNode.BackupRefused(request.jobId(), reason), hop);
    }
  }

  /** "backup" or the maintenance's kind, e.g. "chkdsk". */
  private String what(Request request) {
    return request.isMaintenance() ? scenario.maintenance().get(request.maintenance()).kind().label() : "backup";
  }

  private void grant(Request request) {
    if (holder != null) throw new IllegalStateException(name() + ": job " + request.jobId() + " granted while job " + holder.jobId() + " holds the pin");
    holder = request;
    holderSince = out.now();
    if (coordinator == request.node()) {
      pin(request, 0);
    } else {
      moves++;
      setAccess(Access.MOVING);
      out.tell(getContext().getSelf(), new MoveDone(request), scenario.ownershipMoveTime());
    }
  }

  // ---- 2012: one snapshot per batch, no redirect ------------------------------------------------

  /** Held by maintenance, failing over, without a coordinator, or moving where the cluster asked (2012). */
  private boolean taken() {
    return holder != null || failingOver || orphaned || rebalancing;
  }

  /**
   * Whether a request must wait (2012): behind maintenance, a failover or a rebalance, behind what
   * already waits, and, for maintenance, behind a batch being gathered or snapshotted; a backup
   * asking while a snapshot is taken waits for the next batch.
   */
  private boolean mustWait(boolean maintenance) {
    return taken() || snapshotting != null || !waiting.isEmpty()
        || (maintenance && !batch.isEmpty());
  }

  private void joinBatch(Request request) {
    batch.add(request);
    if (!batchDue) {
      batchDue = true;
      out.tell(getContext().getSelf(), BatchDue.INSTANCE, Math.max(SimClock.NEXT_INSTANT, scenario.snapshotBatchWindow()));
    }
  }

  /** The batch's jobs are prepared now and its one snapshot is taken: on the coordinator if software. */
  private Behavior<Command> onBatchDue() {
    batchDue = false;
    if (batch.isEmpty()) return this;
    if (taken()) {
      for (int i = batch.size() - 1; i >= 0; i--) waiting.addFirst(batch.get(i)); // the volume is lost meanwhile: next in line
      batch.clear();
      return this;
    }
    long now = out.now();
    snapshotting = new ArrayList<>(batch);
    batch.clear();
    snapshotSince = now;
    snapshotJobs = snapshotting.size();
    snapshotNode = scenario.vss().provider() == Scenario.Provider.SOFTWARE ? coordinator : -1;
    for (Request r : snapshotting) {
      readers.put(r.jobId(), new Reader(r, now, snapshotNode));
      long heldByMaintenance = maintenanceOverlap(r.requestedAt(), now);
      out.tell(r.replyTo(), new HyperVNode.BackupPrepared(r.jobId(), index, now - r.requestedAt() - heldByMaintenance, 0,
          heldByMaintenance, snapshotNode), hop);
    }
    out.tell(getContext().getSelf(), new SnapshotTaken(++snapshotCount), scenario.vss().snapshotTime());
    report();
    return this;
  }

  private Behavior<Command> onSnapshotTaken(SnapshotTaken taken) {
    if (snapshotting == null || taken.snapshot() != snapshotCount) return this; // lost with its node
    snapshots.add(new Snapshot(snapshotSince, out.now(), snapshotNode, snapshotJobs, false));
    for (Request r : snapshotting) {
      if (readers.containsKey(r.jobId())) out.tell(r.replyTo(), new HyperVNode.SnapshotDone(r.jobId()), hop);
    }
    snapshotting = null;
    grantNext();
    report();
    return this;
  }

  /** What waits goes on (2012): the backups first in line gather in a batch; maintenance first in line takes the volume. */
  private void drainWaiting() {
    while (!waiting.isEmpty() && !taken() && snapshotting == null) {
      Request next = waiting.peek();
      if (next.isMaintenance()) {
        if (!batch.isEmpty()) return;
        grant(waiting.poll());
        return;
      }
      joinBatch(waiting.poll());
    }
  }

  /** 2012: a backup job is done with its snapshot. */
  private void endReading(long jobId) {
    Reader r = readers.remove(jobId);
    if (r != null) pins.add(new Pin(jobId, r.request().node(), r.since(), out.now()));
  }

  // ---- 2012 R2: coordinators spread by the cluster ----------------------------------------------

  /** Free to move: nothing holds, waits for, gathers on or reads a snapshot of the volume. */
  private boolean movable() {
    return !taken() && batch.isEmpty() && snapshotting == null
        && readers.isEmpty() && waiting.isEmpty();
  }

  private void reportAgain() {
    reportedCoordinator = -1;
    report();
  }

  /** Tells the cluster the coordinator and whether the volume may move, when either changed. */
  private void report() {
    if (!rebalanced || cluster == null || rebalancing) return; // a move the cluster asked for reports when it ends
    boolean movable = movable();
    if (coordinator == reportedCoordinator && movable == reportedMovable) return;
    reportedCoordinator = coordinator;
    reportedMovable = movable;
    out.tell(cluster, new FailoverCluster.CoordinatorReport(index, coordinator, movable), hop);
  }

  private Behavior<Command> onMoveCoordinator(MoveCoordinator move) {
    int target = move.target();
    if (down[target] || noPath[target]) {
      // The target cannot coordinate: not movable, as far as the cluster goes, until a node or a path comes back.
      reportedCoordinator = coordinator;
      reportedMovable = false;
      out.tell(cluster, new FailoverCluster.CoordinatorReport(index, coordinator, false), hop);
      return this;
    }
    if (!movable() || target == coordinator) {
      reportAgain(); // the cluster asked: it hears back whatever the answer
      return this;
    }
    rebalancing = true;
    moves++;
    setAccess(Access.MOVING);
    out.tell(getContext().getSelf(), new RebalanceDone(target), scenario.ownershipMoveTime());
    return this;
  }

  private Behavior<Command> onRebalanceDone(RebalanceDone done) {
    rebalancing = false;
    int target = done.target();
    if (!down[target] && !noPath[target]) {
      coordinator = target;
      ownership.add(new Ownership(out.now(), coordinator));
    } else if (down[coordinator] || noPath[coordinator]) {
      failingOver = true; // both ends were lost during the move
      setAccess(Access.MOVING); // now as a failover
      out.tell(getContext().getSelf(), FailoverDone.INSTANCE, scenario.failover().csvFailoverTime());
      return this;
    }
    setAccess(Access.DIRECT);
    grantNext();
    reportAgain(); // the cluster counts the volume where it asked it to go until it hears
    return this;
  }

  private Behavior<Command> onMoveDone(MoveDone done) {
    if (holder != done.request()) return this; // its node was lost during the move
    coordinator = done.request().node();
    ownership.add(new Ownership(out.now(), coordinator));
    pin(done.request(), scenario.ownershipMoveTime());
    return this;
  }

  private void pin(Request request, long moveMicros) {
    boolean maintenanceMode = request.isMaintenance() && scenario.maintenance().get(request.maintenance()).kind().stopsVms();
    setAccess(maintenanceMode ? Access.MAINTENANCE : Access.REDIRECTED);
    if (request.isMaintenance()) {
      out.tell(request.replyTo(), new HyperVNode.MaintenanceGranted(request.maintenance()), hop);
      return;
    }
    long held = out.now() - request.requestedAt() - moveMicros;
    long heldByMaintenance = maintenanceOverlap(request.requestedAt(), holderSince);
    out.tell(request.replyTo(), new HyperVNode.BackupPrepared(request.jobId(), index, held - heldByMaintenance, moveMicros, heldByMaintenance), hop);
  }

  /** How much of [from, to) the volume was held by maintenance. */
  private long maintenanceOverlap(long from, long to) {
    long overlap = 0;
    for (MaintenancePeriod m : maintenance) {
      if (m.from() >= 0) overlap += Math.max(0, Math.min(to, m.to()) - Math.max(from, m.from()));
    }
    return overlap;
  }

  private Behavior<Command> onEndMaintenance(EndMaintenance end) {
    if (holder != null && holder.maintenance() == end.maintenance()) release();
    return this; // else it was interrupted already
  }

  private Behavior<Command> onClear(ClearBackupState clear) {
    if (csv2 && (holder == null || holder.jobId() != clear.jobId())) {
      endReading(clear.jobId());
      report();
      return this;
    }
    if (!shared) {
      parallelHolders.removeIf(r -> {
        if (r.jobId() != clear.jobId()) return false;
        pins.add(new Pin(r.jobId(), r.node(), r.requestedAt(), out.now()));
        return true;
      });
      return this;
    }
    if (holder == null || holder.jobId() != clear.jobId()) {
      // Expected after an operator clear; otherwise a protocol bug worth a look.
      if (!releasedWithoutHolder.contains(clear.jobId())) {
        getContext().getLog().warn("{}: clear from job {} that holds no pin (holder {})", name(), clear.jobId(), holder);
      }
      return this;
    }
    release();
    return this;
  }

  /** Ends the current pin: back to direct access, and the next waiting request is served. */
  private void release() {
    endHold(MaintenanceOutcome.DONE, "");
    holder = null;
    setAccess(Access.DIRECT);
    grantNext();
  }

  private Behavior<Command> onNodeDown(NodeDown nodeDown) {
    down[nodeDown.node()] = true;
    lose(nodeDown.node(), nodeDown.cause().label(), "went down");
    return this;
  }

  private Behavior<Command> onStoragePath(StoragePath path) {
    noPath[path.node()] = !path.available();
    if (path.available()) {
      reportAgain();
      return regained();
    }
    lose(path.node(), Scenario.FaultKind.STORAGE_PATH_LOSS.label(), "lost its storage path");
    return this;
  }

  /**
   * A node can no longer coordinate: its waiting requests go (their jobs fail at the agent or
   * at DPM), a pin it held is lost, and if it coordinated the volume, another node takes over
   * after the failover time while every node's I/O to the volume waits.
   */
  private void lose(int node, String kind, String what) {
    String nodeName = scenario.nodes().get(node).name();
    waiting.removeIf(r -> {
      if (r.node() != node) return false;
      if (r.isMaintenance()) refuse(r, nodeName + " " + what + " while its " + what(r) + " waited for " + name());
      return true;
    });
    if (!shared) {
      parallelHolders.removeIf(r -> {
        if (r.node() != node) return false;
        pins.add(new Pin(r.jobId(), r.node(), r.requestedAt(), out.now()));
        releasedWithoutHolder.add(r.jobId());
        return true;
      });
      return;
    }
    if (csv2) loseReaders(node, nodeName + " " + what);
    boolean holderLost = holder != null && holder.node() == node;
    if (holderLost) {
      if (holder.isMaintenance()) {
        logFault(kind, nodeName + " " + what + " during its " + what(holder) + " of the volume: the maintenance ends unfinished");
        endHold(MaintenanceOutcome.INTERRUPTED, nodeName + " " + what);
      } else {
        logFault(kind, nodeName + " " + what + " holding job " + holder.jobId() + "'s backup state: the pin is lost with it");
        releasedWithoutHolder.add(holder.jobId());
        endHold(null, "");
      }
      holder = null;
    }
    boolean moveUnderWay = (holder != null || rebalancing) && access == Access.MOVING; // its target takes over when it ends
    if (coordinator == node && !failingOver && !orphaned && !moveUnderWay) {
      failingOver = true;
      logFault(kind, "coordinator " + nodeName + " " + what + ": failing over, every node's I/O to the volume waits");
      setAccess(Access.MOVING);
      out.tell(getContext().getSelf(), FailoverDone.INSTANCE, scenario.failover().csvFailoverTime());
    } else if (holderLost) {
      setAccess(Access.DIRECT); // a move toward the lost node stops; the coordinator stays
      grantNext();
    }
  }

  /**
   * 2012: the node's requests in the batch go (their jobs fail), and if it went down with a
   * software snapshot on it, so does that snapshot, finished or being taken, and the jobs reading it.
   */
  private void loseReaders(int node, String what) {
    batch.removeIf(r -> r.node() == node);
    boolean snapshotsLost = down[node]; // a node without its path still serves its snapshots over SMB [model]
    if (snapshotting != null && snapshotNode == node && snapshotsLost) {
      snapshots.add(new Snapshot(snapshotSince, out.now(), snapshotNode, snapshotJobs, true));
      logFault("snapshot-lost", what + " while the software snapshot of " + snapshotting.size() + " backups was taken there");
      snapshotting = null;
    }
    for (Reader r : List.copyOf(readers.values())) {
      if (r.request().node() == node || (r.snapshotNode() == node && snapshotsLost)) {
        releasedWithoutHolder.add(r.request().jobId());
        endReading(r.request().jobId());
      }
    }
    if (snapshotting != null) snapshotting.removeIf(r -> r.node() == node);
  }

  private Behavior<Command> onFailoverDone() {
    failingOver = false;
    int next = -1;
    for (int n = 0; n < down.length && next < 0; n++) if (!down[n] && !noPath[n]) next = n;
    if (next < 0) {
      orphaned = true;
      logFault("failover", "no node can coordinate: the volume waits for one to come back");
      return this;
    }
    orphaned = false;
    coordinator = next;
    failovers++;
    ownership.add(new Ownership(out.now(), coordinator));
    logFault("failover", "new coordinator " + scenario.nodes().get(next).name() + "; I/O resumes");
    setAccess(Access.DIRECT);
    grantNext();
    return this;
  }

  private Behavior<Command> regained() {
    if (orphaned && !failingOver) {
      failingOver = true;
      out.tell(getContext().getSelf(), FailoverDone.INSTANCE, scenario.failover().csvFailoverTime());
    }
    return this;
  }

  /** Records the end of the current holder's hold: a backup's pin, or maintenance with its outcome. */
  private void endHold(MaintenanceOutcome outcome, String reason) {
    if (holder.isMaintenance()) {
      maintenance.add(new MaintenancePeriod(holder.maintenance(), holder.node(), holder.requestedAt(), holderSince, out.now(), outcome, reason));
    } else {
      pins.add(new Pin(holder.jobId(), holder.node(), holderSince, out.now()));
    }
  }

  private void grantNext() {
    if (csv2) {
      drainWaiting();
      return;
    }
    Request next = waiting.poll();
    if (next != null) grant(next);
  }

  private Behavior<Command> onRequesterDied(RequesterDied died) {
    if (csv2 && readers.containsKey(died.jobId())) {
      releasedWithoutHolder.add(died.jobId());
      out.tell(getContext().getSelf(), new AutoClear(died.jobId()), scenario.autoClearTime());
      logFault("requester-death", "Backup-in-Progress orphaned by job " + died.jobId() + " (nothing redirected on CSV 2.0); auto-clear in "
          + scenario.autoClearTime() / Scenario.SECOND + " s");
      return this;
    }
    if (holder != null && holder.jobId() == died.jobId()) {
      releasedWithoutHolder.add(died.jobId());
      out.tell(getContext().getSelf(), new AutoClear(died.jobId()), scenario.autoClearTime());
      logFault("requester-death", "Backup-in-Progress orphaned by job " + died.jobId() + "; auto-clear in "
          + scenario.autoClearTime() / Scenario.SECOND + " s");
    }
    return this;
  }

  private Behavior<Command> onAutoClear(AutoClear clear) {
    if (csv2 && readers.containsKey(clear.jobId())) {
      logFault("requester-death", "auto-cleared job " + clear.jobId() + "'s orphaned backup state");
      endReading(clear.jobId());
      report();
      return this;
    }
    if (holder != null && holder.jobId() == clear.jobId()) {
      logFault("requester-death", "auto-cleared job " + clear.jobId() + "'s orphaned backup state; direct I/O again");
      release();
    }
    return this;
  }

  private Behavior<Command> onOperatorClear() {
    if (csv2 && (holder == null || holder.isMaintenance()) && !readers.isEmpty()) {
      logFault("operator-clear", "cleared the backup state of " + readers.size() + " jobs, whether or not they were still running");
      for (long jobId : List.copyOf(readers.keySet())) {
        releasedWithoutHolder.add(jobId);
        endReading(jobId);
      }
      report();
      return this;
    }
    if (holder == null || holder.isMaintenance()) {
      logFault("operator-clear", holder == null ? "nothing to clear" : "no backup state to clear: " + what(holder) + " holds the volume");
      return this;
    }
    logFault("operator-clear", "cleared job " + holder.jobId() + "'s backup state, whether or not it was still running");
    releasedWithoutHolder.add(holder.jobId());
    release();
    return this;
  }

  private void logFault(String kind, String what) {
    FaultEvent event = new FaultEvent(out.now(), kind, name(), what);
    faults.add(event);
    observer.fault(event);
  }

  private void setAccess(Access next) {
    long now = out.now();
    if (access == Access.REDIRECTED) redirectedMicros += now - accessSince;
    if (access == Access.MOVING) movingMicros += now - accessSince;
    if (now > accessSince) periods.add(new AccessPeriod(accessSince, now, access, coordinatorBefore));
    access = next;
    coordinatorBefore = coordinator;
    accessSince = now;
    observer.csvAccess(now, index, next, coordinator);
    HyperVNode.CsvStateChanged change = new HyperVNode.CsvStateChanged(index, coordinator, next, failingOver);
    for (ActorRef<HyperVNode.Command> node : nodes) out.tell(node, change, hop);
    report();
  }

  private String name() {
    return scenario.csvs().get(index).name();
  }

  private Behavior<Command> onCollect(CollectStats collect) {
    long end = scenario.endTime();
    long redirected = redirectedMicros + (access == Access.REDIRECTED ? end - accessSince : 0);
    long moving = movingMicros + (access == Access.MOVING ? end - accessSince : 0);
    List<Pin> all = new ArrayList<>(pins);
    List<MaintenancePeriod> allMaintenance = new ArrayList<>(maintenance);
    if (holder != null && holder.isMaintenance()) {
      allMaintenance.add(new MaintenancePeriod(holder.maintenance(), holder.node(), holder.requestedAt(), holderSince, end,
          MaintenanceOutcome.RUNNING_AT_END, ""));
    } else if (holder != null) {
      all.add(new Pin(holder.jobId(), holder.node(), holderSince, end));
    }
    for (Request r : waiting) {
      if (r.isMaintenance()) {
        allMaintenance.add(new MaintenancePeriod(r.maintenance(), r.node(), r.requestedAt(), -1, end, MaintenanceOutcome.WAITING_AT_END, ""));
      }
    }
    allMaintenance.sort(java.util.Comparator.comparingInt(MaintenancePeriod::maintenance));
    for (Request r : parallelHolders) all.add(new Pin(r.jobId(), r.node(), r.requestedAt(), end));
    for (Reader r : readers.values()) all.add(new Pin(r.request().jobId(), r.request().node(), r.since(), end));
    List<Snapshot> allSnapshots = new ArrayList<>(snapshots);
    if (snapshotting != null) allSnapshots.add(new Snapshot(snapshotSince, end, snapshotNode, snapshotJobs, false));
    List<AccessPeriod> allPeriods = new ArrayList<>(periods);
    if (end > accessSince) allPeriods.add(new AccessPeriod(accessSince, end, access, coordinatorBefore));
    collect.replyTo().tell(new Stats(name(), redirected, moving, moves, refused,
        List.copyOf(all), List.copyOf(ownership), List.copyOf(allPeriods), List.copyOf(faults), java.util.Set.copyOf(releasedWithoutHolder), failovers, maxWaiting,
        List.copyOf(allMaintenance), List.copyOf(allSnapshots)));
    return this;
  }
}

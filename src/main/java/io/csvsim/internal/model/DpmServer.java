package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.ProtectionGroup;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The DPM 2010 server: queues a job per protected VM at each scheduled time, starts it when
 * {@link DispatchPolicy} allows (MaxAllowedParallelBackups per host, DataSourceGroups per CSV),
 * sends what {@link ReplicaBook} says the job must send over the {@link BackupLink}, and retries a
 * failed job after a delay. It knows nothing of CSV ownership: that serialisation happens between
 * the agents and the volumes.
 */
public final class DpmServer extends AbstractBehavior<DpmServer.Command> {

  public sealed interface Command {}

  /** The first occurrence of every schedule is sent by the simulation before the clock starts. */
  public record ScheduleDue(int group, long timeOfDay) implements Command {}

  /** {@code snapshotNode}: where the job's snapshot lives when another node's NIC serves it (2012 software), else -1. */
  public record Prepared(long jobId, long heldMicros, long moveMicros, long maintenanceMicros, int snapshotNode) implements Command {}

  public record SnapshotCreated(long jobId, long downtimeMicros) implements Command {}

  public record Completed(long jobId) implements Command {}

  public record Failed(long jobId, String reason) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  /** The cluster declared a node down: its agent is gone, and so are the VMs on it until they restart. */
  public record NodeDown(int node, Scenario.FaultKind cause) implements Command {}

  public record NodeUp(int node) implements Command {}

  /** A VM runs on {@code node} from now on (failover restart or live-migration switch). */
  public record VmPlaced(int vm, int node) implements Command {}

  /** A live migration of the VM starts. */
  public record VmMigrating(int vm) implements Command {}

  /** The DPM service restarts and is back after {@code downFor}. */
  public record Restart(long downFor) implements Command {}

  private enum Back implements Command { INSTANCE }

  private record TransferDue(long generation) implements Command {}

  private record RetryDue(int vm, int attempt) implements Command {}

  /** What DPM did, handed over at the end: every job attempt, immutable. */
  public record Stats(List<JobRecord> jobs, long bytesReceived, double backupNetworkBusyMicros, double[] bytesPerBucket,
      List<FaultEvent> faults, int maxQueuedJobs) {}

  public static Behavior<Command> create(Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      ActorRef<StorageArray.Command> storage, SimClock clock) {
    return create(scenario, nodes, storage, clock, ModelObserver.NONE);
  }

  public static Behavior<Command> create(Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      ActorRef<StorageArray.Command> storage, SimClock clock, ModelObserver observer) {
    return clock.instrument(Behaviors.setup(ctx -> new DpmServer(ctx, scenario, nodes, storage, clock, observer)));
  }

  private final Scenario scenario;
  private final List<ActorRef<HyperVNode.Command>> nodes;
  private final ActorRef<StorageArray.Command> storage;
  private final SimClock.Sender out;
  private final ModelObserver observer;
  private final long hop;
  private final List<BackupJob> jobs = new ArrayList<>();
  private final Map<Long, BackupJob> byId = new HashMap<>();
  private final boolean[] busyVm; // a job of the VM is queued or running: DPM does not queue another
  private final DispatchPolicy policy;
  private final ReplicaBook replicas;
  private final BackupLink link;
  private long generation; // of the link's schedule: a TransferDue of an older one is stale
  private final double[] smbReadRate; // per node: what it was last told crosses its NIC
  private final List<FaultEvent> faults = new ArrayList<>();
  private long nextJobId = 1;
  private long bytesReceived;

  private DpmServer(ActorContext<Command> ctx, Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      ActorRef<StorageArray.Command> storage, SimClock clock, ModelObserver observer) {
    super(ctx);
    this.observer = observer;
    this.scenario = scenario;
    this.nodes = List.copyOf(nodes);
    this.storage = storage;
    this.out = clock.sender(ctx.getSelf().path().name());
    this.hop = scenario.network().latency();
    busyVm = new boolean[scenario.vms().size()];
    policy = new DispatchPolicy(scenario);
    replicas = new ReplicaBook(scenario);
    link = new BackupLink(scenario, new TimeBuckets(scenario));
    smbReadRate = new double[scenario.nodes().size()];
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ScheduleDue.class, this::onSchedule)
        .onMessage(RetryDue.class, this::onRetry)
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(SnapshotCreated.class, this::onSnapshot)
        .onMessage(TransferDue.class, this::onTransferDue)
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(Failed.class, this::onFailed)
        .onMessage(NodeDown.class, this::onNodeDown)
        .onMessage(NodeUp.class, up -> {
          policy.nodeUp(up.node());
          dispatch();
          return this;
        })
        .onMessage(VmPlaced.class, this::onVmPlaced)
        .onMessage(VmMigrating.class, this::onVmMigrating)
        .onMessage(Restart.class, this::onRestart)
        .onMessageEquals(Back.INSTANCE, this::onBack)
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onSchedule(ScheduleDue due) {
    out.tell(getContext().getSelf(), due, Scenario.DAY);
    ProtectionGroup group = scenario.dpm().protectionGroups().get(due.group());
    long now = out.now();
    for (int vm : group.vms()) {
      replicas.scheduled(vm, group, due.timeOfDay(), now);
      if (busyVm[vm]) continue; // DPM skips a data source whose previous job is still active
      enqueue(vm, 1);
    }
    dispatch();
    return this;
  }

  private Behavior<Command> onRetry(RetryDue retry) {
    if (!busyVm[retry.vm()]) enqueue(retry.vm(), retry.attempt());
    dispatch();
    return this;
  }

  private void enqueue(int vm, int attempt) {
    VmSpec spec = scenario.vms().get(vm);
    BackupJob job = new BackupJob(nextJobId++, vm, policy.hostOr(vm, spec.node()), spec.csv(), attempt, replicas.nextKind(vm), out.now());
    jobs.add(job);
    byId.put(job.id, job);
    policy.queue(job);
    busyVm[vm] = true;
    report(ModelObserver.JobStage.QUEUED, job);
  }

  private void report(ModelObserver.JobStage stage, BackupJob job) {
    if (observer.watching()) observer.job(stage, job.asIs());
  }

  private void dispatch() {
    long now = out.now();
    for (BackupJob job : policy.startable(now)) {
      job.startedAt = now;
      job.outcome = JobRecord.Outcome.RUNNING;
      report(ModelObserver.JobStage.STARTED, job);
      out.tell(nodes.get(job.node), new HyperVNode.StartBackup(job.id, job.vm, getContext().getSelf()), hop);
    }
  }

  /** The job if it is still running: agents' messages about a job DPM already ended are stale. */
  private BackupJob running(long jobId) {
    BackupJob job = byId.get(jobId);
    return job != null && job.running() ? job : null;
  }

  private List<BackupJob> runningJobs() {
    return jobs.stream().filter(BackupJob::running).toList();
  }

  private Behavior<Command> onPrepared(Prepared prepared) {
    BackupJob job = running(prepared.jobId());
    if (job == null) return this;
    job.preparedAt = out.now();
    job.moveMicros = prepared.moveMicros();
    job.readVia = prepared.snapshotNode() == job.node ? -1 : prepared.snapshotNode();
    if (prepared.heldMicros() > 0) job.waited(WaitReason.CSV_BUSY, prepared.heldMicros());
    if (prepared.maintenanceMicros() > 0) job.waited(WaitReason.CSV_MAINTENANCE, prepared.maintenanceMicros());
    report(ModelObserver.JobStage.PINNED, job);
    return this;
  }

  private Behavior<Command> onSnapshot(SnapshotCreated created) {
    BackupJob job = running(created.jobId());
    if (job == null) return this;
    long now = out.now();
    job.snapshotAt = now;
    job.downtimeMicros = created.downtimeMicros();
    job.bytes = replicas.bytesToSend(job.vm, job.kind, now);
    report(ModelObserver.JobStage.SNAPSHOT, job);
    link.start(job.id, job.bytes, job.readVia, now);
    rescheduleTransfers();
    return this;
  }

  /**
   * Tells the array how fast backups read it now, and each coordinator how fast snapshot reads
   * cross its NIC (when that changed), and asks to hear when the next transfer ends.
   */
  private void rescheduleTransfers() {
    generation++;
    out.tell(storage, new StorageArray.BackupReadRate(link.totalRate()), SimClock.NEXT_INSTANT);
    for (int n = 0; n < smbReadRate.length; n++) {
      double rate = link.rateThrough(n);
      if (rate != smbReadRate[n]) {
        smbReadRate[n] = rate;
        out.tell(nodes.get(n), new HyperVNode.SnapshotReads(rate), SimClock.NEXT_INSTANT);
      }
    }
    long until = link.untilNextEnd();
    if (until >= 0) out.tell(getContext().getSelf(), new TransferDue(generation), Math.max(SimClock.NEXT_INSTANT, until));
  }

  private Behavior<Command> onTransferDue(TransferDue due) {
    if (due.generation() != generation) return this; // superseded by a later change
    for (long jobId : link.finished(out.now())) {
      BackupJob job = byId.get(jobId);
      out.tell(nodes.get(job.node), new HyperVNode.TransferFinished(job.id), hop);
    }
    rescheduleTransfers();
    return this;
  }

  private Behavior<Command> onCompleted(Completed completed) {
    BackupJob job = running(completed.jobId());
    if (job == null) return this;
    finish(job, JobRecord.Outcome.SUCCEEDED, "");
    bytesReceived += job.bytes;
    replicas.backedUp(job.vm, job.snapshotAt);
    dispatch();
    return this;
  }

  private Behavior<Command> onFailed(Failed failed) {
    BackupJob job = running(failed.jobId());
    if (job == null) return this;
    fail(job, failed.reason(), false);
    dispatch();
    return this;
  }

  /** Ends a running job as failed, stops its transfer, marks its replica if the cut left it inconsistent, and retries it. */
  private void fail(BackupJob job, String reason, boolean replicaInconsistent) {
    if (link.carries(job.id)) {
      link.stop(job.id, out.now());
      rescheduleTransfers();
    }
    finish(job, JobRecord.Outcome.FAILED, reason);
    if (replicaInconsistent && replicas.markInconsistent(job.vm)) {
      log("replica-inconsistent", scenario.vms().get(job.vm).name(), "job " + job.id + " was cut: the replica needs a consistency check");
    }
    if (job.attempt < scenario.dpm().maxAttempts()) {
      out.tell(getContext().getSelf(), new RetryDue(job.vm, job.attempt + 1), scenario.dpm().retryDelay());
    }
  }

  private void log(String kind, String target, String what) {
    FaultEvent event = new FaultEvent(out.now(), kind, target, what);
    faults.add(event);
    observer.fault(event);
  }

  private Behavior<Command> onNodeDown(NodeDown lost) {
    int node = lost.node();
    String name = scenario.nodes().get(node).name();
    boolean software = scenario.vss().provider() == Scenario.Provider.SOFTWARE;
    for (BackupJob job : runningJobs()) {
      if (job.readVia == node) {
        // 2012: the software snapshot this job reads lived on the lost coordinator.
        out.tell(nodes.get(job.node), new HyperVNode.AbortBackup(job.id), hop);
        fail(job, lost.cause().label() + ": " + name + ", which held the job's software snapshot, went down", job.snapshotAt >= 0);
        continue;
      }
      if (job.node != node) continue;
      // A software snapshot lives on the node that took it: lost with it, and the replica with it.
      // A job still before its snapshot had none to lose. [model]
      boolean snapshotLost = software && job.snapshotAt >= 0;
      fail(job, lost.cause().label() + ": " + name + " went down during the job"
          + (snapshotLost ? "; its software snapshot was lost with it" : ""), snapshotLost);
    }
    policy.nodeDown(node);
    dispatch();
    return this;
  }

  private Behavior<Command> onVmPlaced(VmPlaced placed) {
    policy.placed(placed.vm(), placed.node(), runningJobs());
    dispatch();
    return this;
  }

  private Behavior<Command> onVmMigrating(VmMigrating migrating) {
    for (BackupJob job : runningJobs()) {
      if (job.vm != migrating.vm() || job.snapshotAt >= 0) continue;
      out.tell(nodes.get(job.node), new HyperVNode.AbortBackup(job.id), hop);
      fail(job, "live-migration: " + scenario.vms().get(job.vm).name() + " started to migrate before its snapshot", false);
    }
    dispatch();
    return this;
  }

  private Behavior<Command> onRestart(Restart restart) {
    if (policy.dpmDown()) return this;
    policy.dpmDown(true);
    int cut = 0;
    for (BackupJob job : runningJobs()) {
      out.tell(nodes.get(job.node), new HyperVNode.AbortBackup(job.id), hop);
      fail(job, "dpm-restart: the DPM service restarted during the job", job.snapshotAt >= 0);
      cut++;
    }
    log("dpm-restart", "dpm", "service restarting: " + cut + " running jobs failed; nothing starts for "
        + restart.downFor() / Scenario.SECOND + " s");
    out.tell(getContext().getSelf(), Back.INSTANCE, restart.downFor());
    return this;
  }

  private Behavior<Command> onBack() {
    policy.dpmDown(false);
    log("dpm-restart", "dpm", "service back: queued and retried jobs start again");
    dispatch();
    return this;
  }

  private void finish(BackupJob job, JobRecord.Outcome outcome, String reason) {
    job.endedAt = out.now();
    job.outcome = outcome;
    job.reason = reason;
    report(ModelObserver.JobStage.ENDED, job);
    policy.ended(job);
    busyVm[job.vm] = false;
  }

  private Behavior<Command> onCollect(CollectStats collect) {
    long end = scenario.endTime();
    List<JobRecord> records = new ArrayList<>(jobs.size());
    for (BackupJob job : jobs) records.add(job.record(end));
    collect.replyTo().tell(new Stats(List.copyOf(records), bytesReceived, link.busyMicros(end), link.bytesPerBucket.clone(),
        List.copyOf(faults), policy.maxQueued()));
    return this;
  }
}

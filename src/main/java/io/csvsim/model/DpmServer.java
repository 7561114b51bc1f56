package io.csvsim.model;

import io.csvsim.clock.SimClock;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.ProtectionGroup;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.ArrayList;
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
 * The DPM 2010 server: queues an express-full job per protected VM at each scheduled time, starts
 * a job only when its host is under MaxAllowedParallelBackups and (with DataSourceGroups) no other
 * job of its CSV's group runs, and receives the data over the backup network, shared equally by
 * the transfers in progress up to a per-job stream limit. Failed jobs are retried after a delay. It knows nothing of CSV
 * ownership: that serialisation happens between the agents and the volumes.
 */
public final class DpmServer extends AbstractBehavior<DpmServer.Command> {

  public sealed interface Command {}

  /** The first occurrence of every schedule is sent by the simulation before the clock starts. */
  public record ScheduleDue(int group, long timeOfDay) implements Command {}

  public record Prepared(long jobId, long heldMicros, long moveMicros) implements Command {}

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

  public enum Kind { EXPRESS_FULL, INITIAL_REPLICA, CONSISTENCY_CHECK }

  public enum Outcome { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

  public static final String WAIT_HOST_LIMIT = "host-limit";
  public static final String WAIT_GROUP = "datasource-group";
  public static final String WAIT_CSV = "csv-busy";
  public static final String WAIT_VM_OFFLINE = "vm-offline";
  public static final String WAIT_DPM_DOWN = "dpm-down";

  /** One backup job as DPM records it. Mutable inside this actor only; copied out in {@link Stats}. */
  public static final class Job {
    public final long id;
    public final int vm;
    public int node; // where its agent runs: the VM's host when the job started
    int countedOn; // whose MaxAllowedParallelBackups it uses: the VM's host, which a migration changes
    public final int csv;
    public final int attempt;
    public final Kind kind;
    public final long queuedAt;
    public long startedAt = -1;
    public long preparedAt = -1;
    public long snapshotAt = -1;
    public long endedAt = -1;
    public long moveMicros;
    public long downtimeMicros;
    public long bytes;
    public Outcome outcome = Outcome.QUEUED;
    public String reason = "";
    public final Map<String, Long> waited = new LinkedHashMap<>();
    String waitingFor;
    long waitingSince;

    Job(long id, int vm, int node, int csv, int attempt, Kind kind, long queuedAt) {
      this.id = id;
      this.vm = vm;
      this.node = node;
      this.csv = csv;
      this.attempt = attempt;
      this.kind = kind;
      this.queuedAt = queuedAt;
    }

    void waitFor(String what, long now) {
      if (what == null ? waitingFor == null : what.equals(waitingFor)) return;
      if (waitingFor != null) waited.merge(waitingFor, now - waitingSince, Long::sum);
      waitingFor = what;
      waitingSince = now;
    }

    Job copy() {
      Job c = new Job(id, vm, node, csv, attempt, kind, queuedAt);
      c.startedAt = startedAt;
      c.preparedAt = preparedAt;
      c.snapshotAt = snapshotAt;
      c.endedAt = endedAt;
      c.moveMicros = moveMicros;
      c.downtimeMicros = downtimeMicros;
      c.bytes = bytes;
      c.outcome = outcome;
      c.reason = reason;
      c.waited.putAll(waited);
      return c;
    }
  }

  public record Stats(List<Job> jobs, long bytesReceived, double backupNetworkBusyMicros, double[] bytesPerBucket,
      List<FaultEvent> faults, int maxQueuedJobs) {}

  public static Behavior<Command> create(Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      ActorRef<StorageArray.Command> storage, SimClock clock) {
    return clock.instrument(Behaviors.setup(ctx -> new DpmServer(ctx, scenario, nodes, storage, clock)));
  }

  private final Scenario scenario;
  private final List<ActorRef<HyperVNode.Command>> nodes;
  private final ActorRef<StorageArray.Command> storage;
  private final SimClock.Sender out;
  private final List<Job> jobs = new ArrayList<>();
  private final Map<Long, Job> byId = new LinkedHashMap<>();
  private final List<Job> queue = new ArrayList<>();
  private final int[] runningPerNode;
  private final int[] runningPerGroup;
  private final boolean[] busyVm;
  private final long[] lastBackupAt;
  private final boolean[] hasReplica;
  private final boolean[] needsCheck; // the replica is inconsistent: the next job is a consistency check
  private final int[] hostOf; // -1 while the VM is not running
  private final boolean[] nodeDown;
  private boolean down;
  private int maxQueued;
  private final List<FaultEvent> faults = new ArrayList<>();
  private long nextJobId = 1;
  private long bytesReceived;

  // Processor-sharing transfers: remaining bytes per job.
  private final Map<Long, Double> remaining = new LinkedHashMap<>();
  private long transfersUpdatedAt;
  private long generation;
  private double networkBusyMicros;
  private final TimeBuckets buckets;
  private final double[] bytesPerBucket;

  private DpmServer(ActorContext<Command> ctx, Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      ActorRef<StorageArray.Command> storage, SimClock clock) {
    super(ctx);
    this.scenario = scenario;
    this.nodes = List.copyOf(nodes);
    this.storage = storage;
    this.out = clock.sender(ctx.getSelf().path().name());
    buckets = new TimeBuckets(scenario);
    bytesPerBucket = new double[buckets.count()];
    runningPerNode = new int[scenario.nodes().size()];
    runningPerGroup = new int[scenario.csvs().size()];
    int vms = scenario.vms().size();
    busyVm = new boolean[vms];
    lastBackupAt = new long[vms];
    hasReplica = new boolean[vms];
    needsCheck = new boolean[vms];
    hostOf = new int[vms];
    for (int v = 0; v < vms; v++) hostOf[v] = scenario.vms().get(v).node();
    nodeDown = new boolean[scenario.nodes().size()];
    // Unknown until a VM's first job: its schedule says when the previous backup was.
    java.util.Arrays.fill(lastBackupAt, Long.MIN_VALUE);
    java.util.Arrays.fill(hasReplica, scenario.dpm().replicasExist());
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
          nodeDown[up.node()] = false;
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
      if (lastBackupAt[vm] == Long.MIN_VALUE) lastBackupAt[vm] = now - group.sincePreviousBackup(due.timeOfDay());
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
    Kind kind = !hasReplica[vm] ? Kind.INITIAL_REPLICA : needsCheck[vm] ? Kind.CONSISTENCY_CHECK : Kind.EXPRESS_FULL;
    Job job = new Job(nextJobId++, vm, hostOf[vm] >= 0 ? hostOf[vm] : spec.node(), spec.csv(), attempt, kind, out.now());
    jobs.add(job);
    byId.put(job.id, job);
    queue.add(job);
    maxQueued = Math.max(maxQueued, queue.size());
    busyVm[vm] = true;
  }

  private void dispatch() {
    long now = out.now();
    int limit = scenario.dpm().maxAllowedParallelBackups();
    boolean groups = scenario.dpm().dataSourceGroups();
    for (java.util.Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
      Job job = it.next();
      String blocker = null;
      int host = hostOf[job.vm];
      if (down) blocker = WAIT_DPM_DOWN;
      else if (host < 0 || nodeDown[host]) blocker = WAIT_VM_OFFLINE;
      else if (runningPerNode[host] >= limit) blocker = WAIT_HOST_LIMIT;
      else if (groups && runningPerGroup[job.csv] > 0) blocker = WAIT_GROUP;
      job.waitFor(blocker, now);
      if (blocker != null) continue;
      it.remove();
      job.node = host;
      job.countedOn = host;
      runningPerNode[host]++;
      runningPerGroup[job.csv]++;
      job.startedAt = now;
      job.outcome = Outcome.RUNNING;
      out.tell(nodes.get(job.node), new HyperVNode.StartBackup(job.id, job.vm, getContext().getSelf()),
          scenario.network().latency());
    }
  }

  /** The job if it is still running: agents' messages about a job DPM already ended are stale. */
  private Job running(long jobId) {
    Job job = byId.get(jobId);
    return job != null && job.outcome == Outcome.RUNNING ? job : null;
  }

  private Behavior<Command> onPrepared(Prepared prepared) {
    Job job = running(prepared.jobId());
    if (job == null) return this;
    job.preparedAt = out.now();
    job.moveMicros = prepared.moveMicros();
    if (prepared.heldMicros() > 0) job.waited.merge(WAIT_CSV, prepared.heldMicros(), Long::sum);
    return this;
  }

  private Behavior<Command> onSnapshot(SnapshotCreated created) {
    Job job = running(created.jobId());
    if (job == null) return this;
    long now = out.now();
    job.snapshotAt = now;
    job.downtimeMicros = created.downtimeMicros();
    VmSpec spec = scenario.vms().get(job.vm);
    if (job.kind != Kind.EXPRESS_FULL) {
      // [model] a consistency check reads and compares the whole VHD through the agent's stream.
      job.bytes = spec.sizeBytes();
    } else {
      double days = (double) (now - lastBackupAt[job.vm]) / Scenario.DAY;
      job.bytes = (long) Math.min(spec.sizeBytes(), spec.sizeBytes() * spec.dailyChangeRate() * days);
    }
    updateTransfers(now);
    remaining.put(job.id, (double) job.bytes);
    rescheduleTransfers(now);
    return this;
  }

  private double ratePerTransfer() {
    return scenario.dpm().ratePerTransfer(remaining.size());
  }

  /** Brings every transfer's remaining bytes up to {@code now}. */
  private void updateTransfers(long now) {
    double elapsed = (double) (now - transfersUpdatedAt) / Scenario.SECOND;
    if (!remaining.isEmpty()) {
      double sent = ratePerTransfer() * elapsed;
      remaining.replaceAll((id, left) -> left - sent);
      buckets.spread(bytesPerBucket, transfersUpdatedAt, now, sent * remaining.size());
      networkBusyMicros += now - transfersUpdatedAt;
    }
    transfersUpdatedAt = now;
  }

  private void rescheduleTransfers(long now) {
    generation++;
    out.tell(storage, new StorageArray.BackupReadRate(ratePerTransfer() * remaining.size()), 1);
    if (remaining.isEmpty()) return;
    double least = Double.MAX_VALUE;
    for (double left : remaining.values()) least = Math.min(least, left);
    long delay = Math.max(1, (long) Math.ceil(Math.max(0, least) / ratePerTransfer() * Scenario.SECOND));
    out.tell(getContext().getSelf(), new TransferDue(generation), delay);
  }

  private Behavior<Command> onTransferDue(TransferDue due) {
    if (due.generation() != generation) return this; // superseded by a later change
    long now = out.now();
    updateTransfers(now);
    for (java.util.Iterator<Map.Entry<Long, Double>> it = remaining.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Double> entry = it.next();
      if (entry.getValue() < 1.0) {
        it.remove();
        Job job = byId.get(entry.getKey());
        out.tell(nodes.get(job.node), new HyperVNode.TransferFinished(job.id), scenario.network().latency());
      }
    }
    rescheduleTransfers(now);
    return this;
  }

  private Behavior<Command> onCompleted(Completed completed) {
    Job job = running(completed.jobId());
    if (job == null) return this;
    finish(job, Outcome.SUCCEEDED, "");
    bytesReceived += job.bytes;
    lastBackupAt[job.vm] = job.snapshotAt;
    hasReplica[job.vm] = true;
    needsCheck[job.vm] = false;
    dispatch();
    return this;
  }

  private Behavior<Command> onFailed(Failed failed) {
    Job job = running(failed.jobId());
    if (job == null) return this;
    fail(job, failed.reason(), false);
    dispatch();
    return this;
  }

  /** Ends a running job as failed, stops its transfer, marks its replica if the cut left it inconsistent, and retries it. */
  private void fail(Job job, String reason, boolean replicaInconsistent) {
    long now = out.now();
    if (remaining.containsKey(job.id)) {
      updateTransfers(now);
      remaining.remove(job.id);
      rescheduleTransfers(now);
    }
    finish(job, Outcome.FAILED, reason);
    if (replicaInconsistent && hasReplica[job.vm] && !needsCheck[job.vm]) {
      needsCheck[job.vm] = true;
      log("replica-inconsistent", scenario.vms().get(job.vm).name(), "job " + job.id + " was cut: the replica needs a consistency check");
    }
    if (job.attempt < scenario.dpm().maxAttempts()) {
      out.tell(getContext().getSelf(), new RetryDue(job.vm, job.attempt + 1), scenario.dpm().retryDelay());
    }
  }

  private void log(String kind, String target, String what) {
    faults.add(new FaultEvent(out.now(), kind, target, what));
  }

  private Behavior<Command> onNodeDown(NodeDown lost) {
    int node = lost.node();
    nodeDown[node] = true;
    String name = scenario.nodes().get(node).name();
    boolean software = scenario.vss().provider() == Scenario.Provider.SOFTWARE;
    for (Job job : List.copyOf(jobs)) {
      if (job.outcome != Outcome.RUNNING || job.node != node) continue;
      // A software snapshot lives on the node that took it: lost with it, and the replica with it.
      // A job still before its snapshot had none to lose. [model]
      boolean snapshotLost = software && job.snapshotAt >= 0;
      fail(job, lost.cause().label() + ": " + name + " went down during the job"
          + (snapshotLost ? "; its software snapshot was lost with it" : ""), snapshotLost);
    }
    for (int v = 0; v < hostOf.length; v++) if (hostOf[v] == node) hostOf[v] = -1;
    dispatch();
    return this;
  }

  private Behavior<Command> onVmPlaced(VmPlaced placed) {
    int vm = placed.vm();
    hostOf[vm] = placed.node();
    for (Job job : jobs) {
      if (job.vm == vm && job.outcome == Outcome.RUNNING && job.countedOn != placed.node()) {
        runningPerNode[job.countedOn]--;
        runningPerNode[placed.node()]++;
        job.countedOn = placed.node();
      }
    }
    dispatch();
    return this;
  }

  private Behavior<Command> onVmMigrating(VmMigrating migrating) {
    for (Job job : List.copyOf(jobs)) {
      if (job.vm != migrating.vm() || job.outcome != Outcome.RUNNING || job.snapshotAt >= 0) continue;
      out.tell(nodes.get(job.node), new HyperVNode.AbortBackup(job.id), scenario.network().latency());
      fail(job, "live-migration: " + scenario.vms().get(job.vm).name() + " started to migrate before its snapshot", false);
    }
    dispatch();
    return this;
  }

  private Behavior<Command> onRestart(Restart restart) {
    if (down) return this;
    down = true;
    int cut = 0;
    for (Job job : List.copyOf(jobs)) {
      if (job.outcome != Outcome.RUNNING) continue;
      out.tell(nodes.get(job.node), new HyperVNode.AbortBackup(job.id), scenario.network().latency());
      fail(job, "dpm-restart: the DPM service restarted during the job", job.snapshotAt >= 0);
      cut++;
    }
    log("dpm-restart", "dpm", "service restarting: " + cut + " running jobs failed; nothing starts for "
        + restart.downFor() / Scenario.SECOND + " s");
    out.tell(getContext().getSelf(), Back.INSTANCE, restart.downFor());
    return this;
  }

  private Behavior<Command> onBack() {
    down = false;
    log("dpm-restart", "dpm", "service back: queued and retried jobs start again");
    dispatch();
    return this;
  }

  private void finish(Job job, Outcome outcome, String reason) {
    job.endedAt = out.now();
    job.outcome = outcome;
    job.reason = reason;
    runningPerNode[job.countedOn]--;
    runningPerGroup[job.csv]--;
    busyVm[job.vm] = false;
  }

  private Behavior<Command> onCollect(CollectStats collect) {
    long end = scenario.endTime();
    List<Job> copies = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      Job c = job.copy();
      if (c.outcome == Outcome.QUEUED || c.outcome == Outcome.RUNNING) {
        // The run ended first: the job is cancelled, and its open wait is closed at the end.
        if (job.waitingFor != null) c.waited.merge(job.waitingFor, end - job.waitingSince, Long::sum);
        c.outcome = Outcome.CANCELLED;
        c.reason = "run ended before the job finished";
        c.endedAt = end;
      }
      copies.add(c);
    }
    if (!remaining.isEmpty()) networkBusyMicros += end - transfersUpdatedAt;
    collect.replyTo().tell(new Stats(copies, bytesReceived, networkBusyMicros, bytesPerBucket.clone(), List.copyOf(faults), maxQueued));
    return this;
  }
}

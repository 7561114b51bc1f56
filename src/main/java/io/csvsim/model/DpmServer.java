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

  private record TransferDue(long generation) implements Command {}

  private record RetryDue(int vm, int attempt) implements Command {}

  public enum Kind { EXPRESS_FULL, INITIAL_REPLICA }

  public enum Outcome { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

  public static final String WAIT_HOST_LIMIT = "host-limit";
  public static final String WAIT_GROUP = "datasource-group";
  public static final String WAIT_CSV = "csv-busy";

  /** One backup job as DPM records it. Mutable inside this actor only; copied out in {@link Stats}. */
  public static final class Job {
    public final long id;
    public final int vm;
    public final int node;
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

  public record Stats(List<Job> jobs, long bytesReceived, double backupNetworkBusyMicros, double[] bytesPerBucket) {}

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
    // Before the first job, the last backup was a day earlier.
    java.util.Arrays.fill(lastBackupAt, -Scenario.DAY);
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
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onSchedule(ScheduleDue due) {
    out.tell(getContext().getSelf(), due, Scenario.DAY);
    ProtectionGroup group = scenario.dpm().protectionGroups().get(due.group());
    for (int vm : group.vms()) {
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
    Kind kind = hasReplica[vm] ? Kind.EXPRESS_FULL : Kind.INITIAL_REPLICA;
    Job job = new Job(nextJobId++, vm, spec.node(), spec.csv(), attempt, kind, out.now());
    jobs.add(job);
    byId.put(job.id, job);
    queue.add(job);
    busyVm[vm] = true;
  }

  private void dispatch() {
    long now = out.now();
    int limit = scenario.dpm().maxAllowedParallelBackups();
    boolean groups = scenario.dpm().dataSourceGroups();
    for (java.util.Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
      Job job = it.next();
      String blocker = null;
      if (runningPerNode[job.node] >= limit) blocker = WAIT_HOST_LIMIT;
      else if (groups && runningPerGroup[job.csv] > 0) blocker = WAIT_GROUP;
      job.waitFor(blocker, now);
      if (blocker != null) continue;
      it.remove();
      runningPerNode[job.node]++;
      runningPerGroup[job.csv]++;
      job.startedAt = now;
      job.outcome = Outcome.RUNNING;
      out.tell(nodes.get(job.node), new HyperVNode.StartBackup(job.id, job.vm, getContext().getSelf()),
          scenario.network().latency());
    }
  }

  private Behavior<Command> onPrepared(Prepared prepared) {
    Job job = byId.get(prepared.jobId());
    job.preparedAt = out.now();
    job.moveMicros = prepared.moveMicros();
    if (prepared.heldMicros() > 0) job.waited.merge(WAIT_CSV, prepared.heldMicros(), Long::sum);
    return this;
  }

  private Behavior<Command> onSnapshot(SnapshotCreated created) {
    Job job = byId.get(created.jobId());
    long now = out.now();
    job.snapshotAt = now;
    job.downtimeMicros = created.downtimeMicros();
    VmSpec spec = scenario.vms().get(job.vm);
    if (job.kind == Kind.INITIAL_REPLICA) {
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
    Job job = byId.get(completed.jobId());
    finish(job, Outcome.SUCCEEDED, "");
    bytesReceived += job.bytes;
    lastBackupAt[job.vm] = job.snapshotAt;
    hasReplica[job.vm] = true;
    dispatch();
    return this;
  }

  private Behavior<Command> onFailed(Failed failed) {
    Job job = byId.get(failed.jobId());
    finish(job, Outcome.FAILED, failed.reason());
    if (job.attempt < scenario.dpm().maxAttempts()) {
      out.tell(getContext().getSelf(), new RetryDue(job.vm, job.attempt + 1), scenario.dpm().retryDelay());
    }
    dispatch();
    return this;
  }

  private void finish(Job job, Outcome outcome, String reason) {
    job.endedAt = out.now();
    job.outcome = outcome;
    job.reason = reason;
    runningPerNode[job.node]--;
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
    collect.replyTo().tell(new Stats(copies, bytesReceived, networkBusyMicros, bytesPerBucket.clone()));
    return this;
  }
}

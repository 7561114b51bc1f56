package io.csvsim.result;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a finished run produced: a plain immutable value from which every report is computed.
 * Times are seconds since the start of the simulation ({@code startTime}, a time of day
 * "HH:mm:ss"); latencies are milliseconds.
 */
public record SimulationResult(
    String scenario,
    long seed,
    String clock,
    String mode,
    String platform,
    String provider,
    String startTime,
    List<String> overrides,
    List<String> warnings,
    double simulatedSeconds,
    double wallSeconds,
    long modelMessages,
    String fingerprint,
    Double backupWindowSeconds,
    boolean backupWindowComplete,
    List<JobResult> jobs,
    List<CsvResult> csvs,
    List<VmResult> vms,
    List<NodeResult> nodes,
    StorageResult storage,
    DpmResult dpm,
    Map<String, Boolean> invariants,
    List<String> invariantViolations,
    List<FaultResult> faults,
    QueueMaxima queues,
    @JsonIgnore Timeline timeline) {

  /** The platform as people name it, e.g. "Windows Server 2012 R2 + DPM 2012 SP1". */
  @JsonIgnore
  public String platformName() {
    return io.csvsim.scenario.Scenario.Platform.of(platform).fullName();
  }

  /** 2012 and later: CSV 2.0, whose snapshots the volumes took. */
  @JsonIgnore
  public boolean csv2() {
    return io.csvsim.scenario.Scenario.Platform.of(platform).csv2();
  }

  /**
   * The largest queues the run saw, to show they stay bounded: messages released in one instant
   * (no mailbox held more) and scheduled ahead, ops in one array flush and one coordinator NIC
   * batch, ops held at a node for a moving or failing-over volume, backup requests waiting at a
   * volume, jobs queued at DPM.
   */
  public record QueueMaxima(int messagesInOneInstant, int messagesScheduled, long storageOpsPerFlush, long nicOpsPerBatch,
      long heldOpsAtANode, int requestsWaitingAtAVolume, int jobsQueuedAtDpm) {}

  /** An injected fault or one of its consequences, at a time, on a node or CSV. */
  public record FaultResult(double at, String kind, String target, String what) {}

  /**
   * The run over time, one value per bucket (the report's charts and timeline.csv). Jobs are
   * time-weighted counts: queued at DPM (not started), started but waiting for their CSV, and
   * active (holding a CSV, taking a snapshot or transferring). Latencies are milliseconds over all
   * VMs, NaN where a bucket had no such op; utilisations are fractions.
   */
  public record Timeline(
      double bucketSeconds,
      double[] jobsQueued,
      double[] jobsWaitingForCsv,
      double[] jobsActive,
      double[] storageIops,
      double[] storageMBps,
      double[] storageUtilisation,
      double[] backupNetworkUtilisation,
      double[] directP50Ms,
      double[] directP99Ms,
      double[] redirectedP50Ms,
      double[] redirectedP99Ms,
      List<NodeSeries> nodes,
      List<CsvSeries> csvs,
      List<VmSeries> mostAffectedVms) {

    public int buckets() {
      return jobsActive.length;
    }
  }

  /** A node's NIC busy share and the share of a core spent on redirected ops' per-op overhead. */
  public record NodeSeries(String name, double[] nicUtilisation, double[] redirectCpuUtilisation) {}

  /** A VM's latency percentiles per bucket, direct and redirected (ms; NaN where it had no such op). */
  public record VmSeries(String name, double[] directP50Ms, double[] directP99Ms, double[] redirectedP50Ms,
      double[] redirectedP99Ms) {}

  /** A CSV's share of each bucket spent redirected, and its coordinator at the bucket's end. */
  public record CsvSeries(String name, double[] redirectedShare, String[] coordinator, double[] maintenanceShare) {}


  /** What a job did: an express full, DPM's first copy of the VM, or a check after an inconsistency. */
  public enum JobKind {
    EXPRESS_FULL, INITIAL_REPLICA, CONSISTENCY_CHECK;

    @JsonValue
    @Override
    public String toString() {
      return label(this);
    }
  }

  /** How a job ended the run; queued and running only when the run ended first. */
  public enum JobOutcome {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    @Override
    public String toString() {
      return label(this);
    }
  }

  /**
   * How the nodes reach a CSV: each through its own path, while its coordinator moves, all through
   * the coordinator, or not at all (maintenance mode: its VMs stopped).
   */
  public enum Access {
    DIRECT, MOVING, REDIRECTED, MAINTENANCE;

    @JsonValue
    @Override
    public String toString() {
      return label(this);
    }
  }

  /** The word the reports and the JSON use: lower case, words joined by hyphens. */
  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public record JobResult(
      long id,
      String vm,
      String node,
      String csv,
      String provider,
      JobKind kind,
      int attempt,
      double queuedAt,
      Double startedAt,
      Double preparedAt,
      Double snapshotAt,
      double endedAt,
      JobOutcome outcome,
      String reason,
      long bytes,
      double ownershipMoveSeconds,
      double downtimeSeconds,
      Map<String, Double> waitedFor) {}

  public record CsvResult(
      String name,
      double redirectedSeconds,
      double movingSeconds,
      int ownershipMoves,
      int maxConcurrentBackups,
      int jobs,
      Double backupWindowSeconds,
      int refusedRequests,
      int failovers,
      String coordinatorAtEnd,
      List<AccessPeriod> accessPeriods,
      List<MaintenanceResult> maintenance,
      List<SnapshotResult> snapshots) {}

  /**
   * 2012 and later: a snapshot the volume took for {@code jobs} backups together over [{@code from},
   * {@code to}), living on {@code node} (software; null for hardware, surfaced where it is read);
   * {@code lost}: its node went down before it was done. Empty on 2008 R2, where each backup takes its own.
   */
  public record SnapshotResult(double from, double to, String node, int jobs, boolean lost) {}

  /**
   * Scheduled maintenance on a CSV (chkdsk, defrag, redirected-access) from {@code node}: asked
   * for at {@code requestedAt}, holding the volume over [{@code from}, {@code to}) ({@code from}
   * null: it never held it), after waiting {@code waitedSeconds} for it. {@code outcome}: done,
   * refused, interrupted, running-at-end or waiting-at-end; {@code reason} says why it was refused
   * or interrupted.
   */
  public record MaintenanceResult(String kind, String node, double requestedAt, Double from, double to, double waitedSeconds,
      String outcome, String reason) {}

  /** A volume's access state (direct, moving, redirected) and its coordinator over [from, to). */
  public record AccessPeriod(double from, double to, Access access, String coordinator) {}

  /**
   * A VM's op latencies on one path (ms). {@code breakdownMs}: the mean's parts (held at the VM's
   * node, network hops, coordinator NIC, array), which add up to the mean. {@code heldOps}: ops held
   * at the node, by why (ownership-move, failover, lost-path). {@code p99NotHeld}: the p99 of the ops
   * whose largest part was not a hold. {@code tailCause}: the part that was largest for most ops at
   * or above the p99 (null without ops).
   */
  public record Latency(double mean, double p50, double p99, double max, long count, double p99NotHeld, String tailCause,
      Map<String, Double> breakdownMs, Map<String, Long> heldOps) {}

  public record PathLatencies(Latency direct, Latency redirected) {}

  public record VmResult(
      String name,
      String node,
      String nodeAtEnd,
      String csv,
      long opsIssued,
      long opsCompleted,
      long opsFailed,
      long opsInFlight,
      long redirectedOps,
      double redirectedSeconds,
      double downtimeSeconds,
      PathLatencies latencyMs) {}

  /**
   * How busy a server was: over the whole run, over the backup window (first job queued to last
   * ended; null without jobs), and in its busiest report bucket ({@code peakAt}: the bucket's start).
   */
  public record Utilisation(double run, Double backupWindow, double peak, double peakAt) {}

  public record NodeResult(
      String name,
      long redirectServedOps,
      long redirectServedBytes,
      double nicBusySeconds,
      double nicUtilisation,
      Utilisation nic,
      double nicMeanWaitMs,
      long forwardedOps) {}

  /** The array: VM ops served; busy time and utilisation include DPM's backup reads. */
  public record StorageResult(long opsServed, double busySeconds, double utilisation, Utilisation busy, double meanWaitMs,
      long backupBytesRead, long maintenanceBytes, long maxOpsPerFlush) {}

  /** DPM's limits in effect (after "recommended" resolved), what it received, and how busy its network was. */
  public record DpmResult(int maxAllowedParallelBackups, boolean dataSourceGroups, long bytesReceived, double backupNetworkBusySeconds,
      Utilisation backupNetwork, int succeeded, int failed, int cancelled) {}

  /** The time of day at simulated time 0, in seconds since midnight. */
  @JsonIgnore
  public long startTimeOfDaySeconds() {
    String[] hms = startTime.split(":");
    return Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60 + Long.parseLong(hms[2]);
  }

  public boolean invariantsHold() {
    return invariants.values().stream().allMatch(Boolean::booleanValue);
  }
}

package io.csvsim.internal.model;

import java.util.EnumMap;
import java.util.Map;

/** One backup job attempt while DPM runs it: mutable, and only inside the DPM server ({@link #record} leaves it). */
final class BackupJob {
  final long id;
  final int vm;
  int node; // where its agent runs: the VM's host when the job started
  int countedOn; // whose MaxAllowedParallelBackups it uses: the VM's host, which a migration changes
  final int csv;
  final int attempt;
  final JobRecord.Kind kind;
  final long queuedAt;
  long startedAt = -1;
  long preparedAt = -1;
  long snapshotAt = -1;
  long endedAt = -1;
  long moveMicros;
  int readVia = -1; // 2012: the coordinator whose NIC its software snapshot is read through; -1: read locally
  long downtimeMicros;
  long bytes;
  JobRecord.Outcome outcome = JobRecord.Outcome.QUEUED;
  String reason = "";
  private final Map<WaitReason, Long> waited = new EnumMap<>(WaitReason.class);
  private WaitReason waitingFor;
  private long waitingSince;

  BackupJob(long id, int vm, int node, int csv, int attempt, JobRecord.Kind kind, long queuedAt) {
    this.id = id;
    this.vm = vm;
    this.node = node;
    this.csv = csv;
    this.attempt = attempt;
    this.kind = kind;
    this.queuedAt = queuedAt;
  }

  /** From {@code now} the job waits for {@code what} (null: for nothing). */
  void waitFor(WaitReason what, long now) {
    if (what == waitingFor) return;
    if (waitingFor != null) waited.merge(waitingFor, now - waitingSince, Long::sum);
    waitingFor = what;
    waitingSince = now;
  }

  void waited(WaitReason what, long micros) {
    waited.merge(what, micros, Long::sum);
  }

  boolean running() {
    return outcome == JobRecord.Outcome.RUNNING;
  }

  /** The job as it is now, still queued or running if it is (what a watcher of the run sees). */
  JobRecord asIs() {
    return new JobRecord(id, vm, node, csv, attempt, kind, queuedAt, startedAt, preparedAt, snapshotAt, endedAt, moveMicros,
        downtimeMicros, bytes, outcome, reason, waited);
  }

  /** The job as recorded; one still queued or running at {@code end} is cancelled there, its open wait closed. */
  JobRecord record(long end) {
    boolean open = outcome == JobRecord.Outcome.QUEUED || outcome == JobRecord.Outcome.RUNNING;
    Map<WaitReason, Long> waits = new EnumMap<>(WaitReason.class);
    waits.putAll(waited);
    if (open && waitingFor != null) waits.merge(waitingFor, end - waitingSince, Long::sum);
    return new JobRecord(id, vm, node, csv, attempt, kind, queuedAt, startedAt, preparedAt, snapshotAt, open ? end : endedAt, moveMicros,
        downtimeMicros, bytes, open ? JobRecord.Outcome.CANCELLED : outcome, open ? "run ended before the job finished" : reason, waits);
  }
}

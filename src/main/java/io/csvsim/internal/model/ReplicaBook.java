package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.Arrays;

/**
 * DPM's book of each VM's replica: whether one exists (else the next job is an initial replica),
 * whether a cut transfer left it inconsistent (a consistency check), and when the VM's last
 * backup took its snapshot (an express full sends the change since then).
 */
final class ReplicaBook {
  private final Scenario scenario;
  private final long[] lastBackupAt;
  private final boolean[] hasReplica;
  private final boolean[] needsCheck;

  ReplicaBook(Scenario scenario) {
    this.scenario = scenario;
    int vms = scenario.vms().size();
    lastBackupAt = new long[vms];
    hasReplica = new boolean[vms];
    needsCheck = new boolean[vms];
    // Unknown until a VM's first job: its schedule says when the previous backup was.
    Arrays.fill(lastBackupAt, Long.MIN_VALUE);
    Arrays.fill(hasReplica, scenario.dpm().replicasExist());
  }

  /** A schedule queues a VM's job at {@code now}: before the run, its previous backup was at the schedule's previous occurrence. */
  void scheduled(int vm, Scenario.ProtectionGroup group, long timeOfDay, long now) {
    if (lastBackupAt[vm] == Long.MIN_VALUE) lastBackupAt[vm] = now - group.sincePreviousBackup(timeOfDay);
  }

  JobRecord.Kind nextKind(int vm) {
    return !hasReplica[vm] ? JobRecord.Kind.INITIAL_REPLICA : needsCheck[vm] ? JobRecord.Kind.CONSISTENCY_CHECK : JobRecord.Kind.EXPRESS_FULL;
  }

  /** What a job of this kind sends once its snapshot exists at {@code snapshotAt}. */
  long bytesToSend(int vm, JobRecord.Kind kind, long snapshotAt) {
    VmSpec spec = scenario.vms().get(vm);
    // [model] a consistency check reads and compares the whole VHD through the agent's stream.
    if (kind != JobRecord.Kind.EXPRESS_FULL) return spec.sizeBytes();
    double days = (double) (snapshotAt - lastBackupAt[vm]) / Scenario.DAY;
    return (long) Math.min(spec.sizeBytes(), spec.sizeBytes() * spec.dailyChangeRate() * days);
  }

  void backedUp(int vm, long snapshotAt) {
    lastBackupAt[vm] = snapshotAt;
    hasReplica[vm] = true;
    needsCheck[vm] = false;
  }

  /** A cut transfer left the replica inconsistent; true if this is news (there was a consistent replica). */
  boolean markInconsistent(int vm) {
    if (!hasReplica[vm] || needsCheck[vm]) return false;
    needsCheck[vm] = true;
    return true;
  }
}

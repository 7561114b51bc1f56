package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.BackupMode;
import io.csvsim.scenario.Scenario.Provider;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The DPM agent on a Hyper-V host: per backup job, a small state machine. It asks the VM's volume
 * for the backup pin (the volume moves its coordinator here if need be), takes the VSS snapshot
 * (the VM saved meanwhile if its backup is offline), and clears the pin when the provider allows:
 * right after the snapshot with a hardware provider, after the transfer with the software one.
 * On 2012 the volume takes the snapshot, one for the jobs it prepares together, and says when it
 * exists. Faults armed on the node (requester death, snapshot failure or timeout) strike the next backup
 * they apply to. Plain logic owned by its node, sending through the node's clock sender.
 */
final class DpmAgent {

  /** What the agent needs of its node: its VMs' pauses (an offline backup saves the VM) and its fault log. */
  interface Host {
    void pause(int vm, boolean paused);

    boolean paused(int vm);

    void addDowntime(int vm, long micros);

    void logFault(Scenario.FaultKind kind, String what);
  }

  /** A job and how far it got: prepared means the volume is pinned for it, so whoever ends it clears the pin. */
  private static final class Job {
    final long id;
    final int vm;
    final ActorRef<DpmServer.Command> dpm;
    boolean prepared;
    boolean timingOut; // an armed snapshot timeout strikes it

    Job(long id, int vm, ActorRef<DpmServer.Command> dpm) {
      this.id = id;
      this.vm = vm;
      this.dpm = dpm;
    }
  }

  private final Scenario scenario;
  private final int me;
  private final String nodeName;
  private final SimClock.Sender out;
  private final ActorRef<HyperVNode.Command> self;
  private final Host host;
  private final long hop;
  private final boolean batchSnapshots; // 2012: the volume takes one snapshot for the jobs it prepares together
  private List<ActorRef<CsvVolume.Command>> volumes = List.of();
  private final Map<Long, Job> jobs = new HashMap<>();
  private int requesterDeathsArmed;
  private int snapshotFailuresArmed;
  private final ArrayDeque<Scenario.SnapshotPhase> snapshotTimeoutsArmed = new ArrayDeque<>();

  DpmAgent(Scenario scenario, int me, SimClock.Sender out, ActorRef<HyperVNode.Command> self, Host host) {
    this.scenario = scenario;
    this.me = me;
    this.nodeName = scenario.nodes().get(me).name();
    this.out = out;
    this.self = self;
    this.host = host;
    this.hop = scenario.network().latency();
    this.batchSnapshots = scenario.batchesSnapshots();
  }

  void connect(List<ActorRef<CsvVolume.Command>> volumes) {
    this.volumes = List.copyOf(volumes);
  }

  private ActorRef<CsvVolume.Command> volumeOf(int vm) {
    return volumes.get(scenario.vms().get(vm).csv());
  }

  /** DPM starts a job here; without a path to the storage there is no snapshot to take. */
  void start(long jobId, int vm, ActorRef<DpmServer.Command> dpm, boolean pathLost) {
    if (pathLost) {
      out.tell(dpm, new DpmServer.Failed(jobId, "storage-path-loss: " + nodeName + " has no path to the storage, so it cannot take"
          + " the snapshot"), hop);
      return;
    }
    jobs.put(jobId, new Job(jobId, vm, dpm));
    out.tell(volumeOf(vm), new CsvVolume.PrepareForBackup(jobId, me, self), hop);
  }

  /** Arms a backup fault; it strikes the next backup it applies to. */
  void arm(Scenario.FaultSpec fault) {
    switch (fault.kind()) {
      case REQUESTER_DEATH -> requesterDeathsArmed++;
      case SNAPSHOT_FAILURE -> snapshotFailuresArmed++;
      case SNAPSHOT_TIMEOUT -> snapshotTimeoutsArmed.add(fault.phase());
      default -> throw new IllegalArgumentException("not a backup fault: " + fault.kind());
    }
    host.logFault(fault.kind(), "injected: strikes the next backup on this node");
  }

  /** The volume pinned itself for the job: take the snapshot, unless an armed fault strikes first. */
  void prepared(HyperVNode.BackupPrepared prepared, boolean down) {
    Job job = jobs.get(prepared.jobId());
    if (job == null) {
      // The job ended here while the volume prepared it (aborted, path lost): give the pin back.
      if (!down) out.tell(volumes.get(prepared.csv()), new CsvVolume.ClearBackupState(prepared.jobId()), hop);
      return;
    }
    job.prepared = true;
    if (requesterDeathsArmed > 0) {
      // The VSS requester dies with the CSV prepared: nobody clears it; the cluster notices.
      requesterDeathsArmed--;
      jobs.remove(job.id);
      String csv = scenario.csvs().get(scenario.vms().get(job.vm).csv()).name();
      host.logFault(Scenario.FaultKind.REQUESTER_DEATH, "job " + job.id + " (" + scenario.vms().get(job.vm).name()
          + ") lost its requester after prepare; " + csv + " stays in backup and redirected");
      out.tell(volumeOf(job.vm), new CsvVolume.RequesterDied(job.id), hop);
      out.tell(job.dpm, new DpmServer.Failed(job.id, "requester-death: the VSS requester on " + nodeName + " died after prepare; "
          + csv + " left Backup-in-Progress"), hop);
      return;
    }
    if (scenario.vms().get(job.vm).backupMode() == BackupMode.OFFLINE) host.pause(job.vm, true);
    Scenario.SnapshotPhase timeout = snapshotTimeoutsArmed.poll();
    if (timeout != null) {
      long after = timeout == Scenario.SnapshotPhase.FREEZE_THAW ? scenario.vss().freezeThawTimeout() : scenario.vss().flushAndHoldTimeout();
      job.timingOut = true; // on 2012 the volume's batch snapshot does not save it
      out.tell(self, new HyperVNode.SnapshotTimedOut(job.id, timeout), after);
    } else if (!batchSnapshots) {
      out.tell(self, new HyperVNode.SnapshotDone(job.id), scenario.vss().snapshotTime());
    } // else the volume tells when the batch's snapshot exists
    out.tell(job.dpm, new DpmServer.Prepared(job.id, prepared.heldMicros(), prepared.moveMicros(), prepared.maintenanceMicros(),
        prepared.snapshotNode()), hop);
  }

  /** The volume refused the pin (unpatched 2008 R2, another node holds it). */
  void refused(HyperVNode.BackupRefused refused) {
    Job job = jobs.remove(refused.jobId());
    if (job != null) out.tell(job.dpm, new DpmServer.Failed(job.id, refused.reason()), hop);
  }

  void snapshotDone(long jobId) {
    Job job = jobs.get(jobId);
    if (job == null || job.timingOut) return;
    long downtime = 0;
    if (host.paused(job.vm)) {
      host.pause(job.vm, false);
      downtime = scenario.vss().snapshotTime();
      host.addDowntime(job.vm, downtime);
    }
    if (snapshotFailuresArmed > 0) {
      snapshotFailuresArmed--;
      jobs.remove(job.id);
      release(job);
      host.logFault(Scenario.FaultKind.SNAPSHOT_FAILURE, "job " + job.id + " (" + scenario.vms().get(job.vm).name() + "): snapshot failed");
      out.tell(job.dpm, new DpmServer.Failed(job.id, "snapshot-failure: the VSS snapshot on " + nodeName + " failed"), hop);
      return;
    }
    if (scenario.vss().provider() == Provider.HARDWARE) release(job);
    out.tell(job.dpm, new DpmServer.SnapshotCreated(job.id, downtime), hop);
  }

  void snapshotTimedOut(long jobId, Scenario.SnapshotPhase phase) {
    Job job = jobs.remove(jobId);
    if (job == null) return;
    host.pause(job.vm, false);
    release(job);
    boolean freeze = phase == Scenario.SnapshotPhase.FREEZE_THAW;
    String what = freeze ? "the writers stayed frozen past the Freeze-to-Thaw timeout of " + scenario.vss().freezeThawTimeout() / Scenario.SECOND
        + " s" : "flush-and-hold of the volume's writes passed its timeout of " + scenario.vss().flushAndHoldTimeout() / Scenario.SECOND + " s";
    host.logFault(Scenario.FaultKind.SNAPSHOT_TIMEOUT, "job " + job.id + " (" + scenario.vms().get(job.vm).name() + "): " + what);
    out.tell(job.dpm, new DpmServer.Failed(job.id, "snapshot-timeout: on " + nodeName + ", " + what), hop);
  }

  /** DPM gave the job up (live migration before its snapshot, DPM restart): give back what it holds. */
  void abort(long jobId) {
    Job job = jobs.remove(jobId);
    if (job == null) return;
    host.pause(job.vm, false);
    if (job.prepared) release(job);
    else out.tell(volumeOf(job.vm), new CsvVolume.Withdraw(job.id), hop);
  }

  void transferFinished(long jobId) {
    Job job = jobs.remove(jobId);
    if (job == null) return;
    if (scenario.vss().provider() == Provider.SOFTWARE) release(job);
    out.tell(job.dpm, new DpmServer.Completed(job.id), hop);
  }

  /** The node lost its storage path: every job here fails, and a pin one holds is given back. */
  void pathLost() {
    for (Job job : List.copyOf(jobs.values())) {
      jobs.remove(job.id);
      if (job.prepared) release(job);
      out.tell(job.dpm, new DpmServer.Failed(job.id, "storage-path-loss: " + nodeName + " lost its path to the storage during the backup"), hop);
    }
  }

  /** The node died: the agent dies with it; DPM hears of it from the cluster. */
  void crashed() {
    jobs.clear();
  }

  private void release(Job job) {
    job.prepared = false; // released once: an abort after this has nothing left to give back
    out.tell(volumeOf(job.vm), new CsvVolume.ClearBackupState(job.id), hop);
  }
}

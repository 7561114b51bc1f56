package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * When DPM 2010 starts a queued job: only while DPM is up, the VM runs on a node that is up, its
 * host runs fewer than MaxAllowedParallelBackups jobs, and (with DataSourceGroups) no job of its
 * VM's group runs (by default the VMs of its CSV; a stale group file may say otherwise). A job
 * that cannot start yet waits for the first of those reasons that holds. Jobs are tried in the
 * order they were queued.
 */
final class DispatchPolicy {
  private final int limit;
  private final int[] groupOf; // per VM, -1: in no group
  private final List<BackupJob> queue = new ArrayList<>();
  private final int[] runningPerNode;
  private final int[] runningPerGroup;
  private final int[] hostOf; // -1 while the VM is not running
  private final boolean[] nodeDown;
  private boolean dpmDown;
  private int maxQueued;

  DispatchPolicy(Scenario scenario) {
    limit = scenario.dpm().maxAllowedParallelBackups();
    groupOf = scenario.dpm().groupOfVm(scenario.vms().size());
    runningPerNode = new int[scenario.nodes().size()];
    runningPerGroup = new int[scenario.dpm().groups().size()];
    hostOf = new int[scenario.vms().size()];
    for (int v = 0; v < hostOf.length; v++) hostOf[v] = scenario.vms().get(v).node();
    nodeDown = new boolean[scenario.nodes().size()];
  }

  void queue(BackupJob job) {
    queue.add(job);
    maxQueued = Math.max(maxQueued, queue.size());
  }

  /** The VM's host now, or its node at the start while it does not run. */
  int hostOr(int vm, int fallback) {
    return hostOf[vm] >= 0 ? hostOf[vm] : fallback;
  }

  /** Starts, in queue order, every job the limits allow now; the others wait for what holds them. */
  List<BackupJob> startable(long now) {
    List<BackupJob> started = new ArrayList<>();
    for (Iterator<BackupJob> it = queue.iterator(); it.hasNext(); ) {
      BackupJob job = it.next();
      WaitReason blocker = blocker(job);
      job.waitFor(blocker, now);
      if (blocker != null) continue;
      it.remove();
      int host = hostOf[job.vm];
      job.node = host;
      job.countedOn = host;
      runningPerNode[host]++;
      if (groupOf[job.vm] >= 0) runningPerGroup[groupOf[job.vm]]++;
      started.add(job);
    }
    return started;
  }

  private WaitReason blocker(BackupJob job) {
    int host = hostOf[job.vm];
    if (dpmDown) return WaitReason.DPM_DOWN;
    if (host < 0 || nodeDown[host]) return WaitReason.VM_OFFLINE;
    if (runningPerNode[host] >= limit) return WaitReason.HOST_LIMIT;
    if (groupOf[job.vm] >= 0 && runningPerGroup[groupOf[job.vm]] > 0) return WaitReason.DATASOURCE_GROUP;
    return null;
  }

  /** A running job ended: its host and group have room again. */
  void ended(BackupJob job) {
    runningPerNode[job.countedOn]--;
    if (groupOf[job.vm] >= 0) runningPerGroup[groupOf[job.vm]]--;
  }

  /** The VM runs on {@code node} now; a running job of it counts against its new host from now on. */
  void placed(int vm, int node, List<BackupJob> running) {
    hostOf[vm] = node;
    for (BackupJob job : running) {
      if (job.vm == vm && job.countedOn != node) {
        runningPerNode[job.countedOn]--;
        runningPerNode[node]++;
        job.countedOn = node;
      }
    }
  }

  void nodeDown(int node) {
    nodeDown[node] = true;
    for (int v = 0; v < hostOf.length; v++) if (hostOf[v] == node) hostOf[v] = -1;
  }

  void nodeUp(int node) {
    nodeDown[node] = false;
  }

  void dpmDown(boolean down) {
    dpmDown = down;
  }

  boolean dpmDown() {
    return dpmDown;
  }

  int maxQueued() {
    return maxQueued;
  }

  int[] hosts() {
    return Arrays.copyOf(hostOf, hostOf.length);
  }
}

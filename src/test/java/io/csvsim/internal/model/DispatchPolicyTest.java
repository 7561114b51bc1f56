package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DPM 2010's limits, as plain logic: MaxAllowedParallelBackups per host, DataSourceGroups per CSV, hosts and DPM up. */
class DispatchPolicyTest {

  private static BackupJob job(long id, Scenario s, int vm, long at) {
    return new BackupJob(id, vm, s.vms().get(vm).node(), s.vms().get(vm).csv(), 1, JobRecord.Kind.EXPRESS_FULL, at);
  }

  private static List<Long> ids(List<BackupJob> jobs) {
    return jobs.stream().map(j -> j.id).toList();
  }

  @Test
  void aHostRunsAtMostItsLimitAndTheRestWaitForTheHostInQueueOrder() {
    // 6 VMs on 2 nodes: vm 0, 2, 4 on node-0; 1, 3, 5 on node-1; one CSV.
    Scenario s = TestScenarios.explicit(2, 1, 6, "dpm.max-allowed-parallel-backups = 2", "dpm.datasource-groups = off");
    DispatchPolicy policy = new DispatchPolicy(s);
    List<BackupJob> jobs = new java.util.ArrayList<>();
    for (int vm = 0; vm < 6; vm++) {
      jobs.add(job(vm + 1, s, vm, 0));
      policy.queue(jobs.get(vm));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), ids(policy.startable(0)), "two per host");
    assertEquals(List.of(), ids(policy.startable(10)));
    policy.ended(jobs.get(0));
    assertEquals(List.of(5L), ids(policy.startable(30)), "node-0 has room again: its next job in queue order");
    assertEquals(30L, jobs.get(4).record(30).waited().get(WaitReason.HOST_LIMIT), "job 5 waited 30 us for its host");
    assertEquals(6, policy.maxQueued());
  }

  @Test
  void dataSourceGroupsLetOneJobPerCsvRunAndNoneStartsWhileDpmOrTheHostIsDown() {
    Scenario s = TestScenarios.explicit(2, 1, 4, "dpm.max-allowed-parallel-backups = 3", "dpm.datasource-groups = on");
    DispatchPolicy policy = new DispatchPolicy(s);
    BackupJob first = job(1, s, 0, 0);
    BackupJob second = job(2, s, 1, 0);
    policy.queue(first);
    policy.queue(second);
    assertEquals(List.of(1L), ids(policy.startable(0)), "one job of the CSV's group at a time");
    policy.ended(first);
    policy.dpmDown(true);
    assertTrue(policy.startable(5).isEmpty(), "DPM is down");
    policy.dpmDown(false);
    policy.nodeDown(1);
    assertTrue(policy.startable(6).isEmpty(), "vm-1's host is down: the VM is offline");
    policy.placed(1, 0, List.of());
    assertEquals(List.of(2L), ids(policy.startable(7)), "failed over to node-0, it starts there");
    assertEquals(0, second.node, "its agent runs on the VM's new host");
    var waited = second.record(7).waited();
    assertEquals(5L, waited.get(WaitReason.DATASOURCE_GROUP));
    assertEquals(1L, waited.get(WaitReason.DPM_DOWN));
    assertEquals(1L, waited.get(WaitReason.VM_OFFLINE));
  }
}

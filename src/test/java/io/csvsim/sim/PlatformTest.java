package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.NodeResult;
import io.csvsim.result.SimulationResult.SnapshotResult;
import io.csvsim.result.SimulationResult.VmResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.TestScenarios;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Windows Server 2012 and 2012 R2 (CSV 2.0, DPM 2012 SP1) beside the seed's 2008 R2. */
@ExtendWith(LogCapturingExtension.class)
class PlatformTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final double NETWORK_BYTES_PER_SECOND = 110e6; // reference.conf's network.bandwidth

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /**
   * 2 nodes, 2 CSVs both coordinated by node-0, 8 VMs (4 per node, 2 per node on each CSV), every
   * backup queued at 21:00 and started at once (8 per host), so each CSV's four form one batch.
   */
  static Scenario allAtOnce(String platform, String provider, String... more) {
    StringBuilder b = new StringBuilder("""
        csvsim {
          scenario { platform = "%s", start-time = "20:50", duration = 2h }
          cluster {
            nodes = [{ name = node-0 }, { name = node-1 }]
            csvs = [{ name = csv-0, coordinator = node-0 }, { name = csv-1, coordinator = node-0 }]
            vm-defaults { size = 20GiB, iops = 50 }
            vms = [""".formatted(platform));
    for (int v = 0; v < 8; v++) b.append("{ name = vm-").append(v).append(", node = node-").append(v % 2).append(", csv = csv-").append(v / 4 % 2).append(" },");
    b.append("""
            ]
          }
          vss.provider = %s
          dpm { max-allowed-parallel-backups = 8, protection-groups = [{ name = pg, vms = "*", schedule = ["21:00"] }] }
        }
        """.formatted(provider));
    return TestScenarios.load(b.toString(), more);
  }

  static SimulationResult run(Scenario s) {
    SimulationResult r = Simulations.run(testKit, s);
    assertTrue(r.invariantsHold(), r.invariantViolations().toString());
    return r;
  }

  static NodeResult node(SimulationResult r, String name) {
    return r.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void on2012ASoftwareBackupRedirectsNoVmIoAndEachCsvTakesOneSnapshotForItsBatch() {
    SimulationResult r = run(allAtOnce("2012", "software"));
    assertEquals("2012", r.platform());
    assertEquals(8, r.dpm().succeeded());
    for (CsvResult csv : r.csvs()) {
      assertEquals(0, csv.redirectedSeconds(), csv.name() + " never redirected");
      assertEquals(0, csv.ownershipMoves(), csv.name() + ": a backup does not move the coordinator on 2012");
      assertEquals(1, csv.snapshots().size(), csv.name() + ": one snapshot for the batch: " + csv.snapshots());
      SnapshotResult snapshot = csv.snapshots().get(0);
      assertEquals(4, snapshot.jobs(), "the CSV's four backups share it");
      assertEquals("node-0", snapshot.node(), "a software snapshot lives on the coordinator");
      assertEquals(60, snapshot.to() - snapshot.from(), 1e-6, "vss.software.snapshot-time");
      assertEquals(4, csv.maxConcurrentBackups(), "DPM 2012 SP1 backs the CSV's VMs up in parallel");
    }
    for (VmResult vm : r.vms()) assertEquals(0, vm.redirectedOps(), vm.name());
    for (JobResult j : r.jobs()) assertEquals(j.snapshotAt(), r.csvs().get(j.csv().equals("csv-0") ? 0 : 1).snapshots().get(0).to(), 0.01);
  }

  @Test
  void on2012TheSameBackupsOn2008R2SerialiseAndRedirect() {
    SimulationResult r = run(allAtOnce("2008r2", "software"));
    for (CsvResult csv : r.csvs()) {
      assertTrue(csv.redirectedSeconds() > 0, csv.name());
      assertEquals(1, csv.maxConcurrentBackups(), csv.name() + " serialises");
      assertTrue(csv.snapshots().isEmpty(), "on 2008 R2 each backup takes its own snapshot, not the volume");
    }
    assertTrue(r.backupWindowSeconds() > run(allAtOnce("2012", "software")).backupWindowSeconds());
  }

  @Test
  void on2012NonCoordinatorsReadTheSoftwareSnapshotThroughTheCoordinatorsNic() {
    SimulationResult r = run(allAtOnce("2012", "software"));
    // node-1's jobs read over SMB through node-0's NIC: each byte takes 1/bandwidth of it, nothing else does.
    long readThrough = r.jobs().stream().filter(j -> j.node().equals("node-1") && j.outcome() == JobOutcome.SUCCEEDED)
        .mapToLong(JobResult::bytes).sum();
    assertTrue(readThrough > 0);
    assertEquals(0, node(r, "node-0").redirectServedOps(), "no VM op was redirected");
    assertEquals(readThrough / NETWORK_BYTES_PER_SECOND, node(r, "node-0").nicBusySeconds(), 0.01,
        "the coordinator's NIC was busy exactly for node-1's snapshot reads");
    assertEquals(0, node(r, "node-1").nicBusySeconds(), "node-1 coordinates nothing");
    assertTrue(node(r, "node-0").nic().backupWindow() > 0.05, "its utilisation over the backup window shows it: " + node(r, "node-0").nic());
  }

  @Test
  void on2012AHardwareSnapshotIsReadLocally() {
    SimulationResult r = run(allAtOnce("2012", "hardware"));
    assertEquals(8, r.dpm().succeeded());
    for (NodeResult n : r.nodes()) assertEquals(0, n.nicBusySeconds(), n.name() + ": no snapshot read crosses a NIC");
    for (CsvResult csv : r.csvs()) {
      assertEquals(1, csv.snapshots().size());
      assertNull(csv.snapshots().get(0).node(), "a hardware snapshot is surfaced where it is read");
      assertEquals(0, csv.redirectedSeconds());
    }
  }

  @Test
  void snapshotReadsThroughOneNicShareItsBandwidth() {
    // The DPM link (10 GbE) is faster than the coordinator's 1 GbE NIC: node-1's transfers are held to 90% of that NIC.
    SimulationResult r = run(allAtOnce("2012", "software", "dpm.backup-network.bandwidth = 1250MB", "dpm.transfer-efficiency = 1"));
    double busy = node(r, "node-0").nicBusySeconds();
    double lastNode1End = r.jobs().stream().filter(j -> j.node().equals("node-1")).mapToDouble(JobResult::endedAt).max().orElseThrow();
    double firstSnapshot = r.jobs().stream().mapToDouble(JobResult::snapshotAt).min().orElseThrow();
    assertTrue(busy <= 0.9 * (lastNode1End - firstSnapshot) + 0.01, "at most 90% of the NIC: busy " + busy + " s over "
        + (lastNode1End - firstSnapshot) + " s");
    assertTrue(busy >= 0.85 * (lastNode1End - firstSnapshot), "and the NIC is what holds them back: busy " + busy + " s over "
        + (lastNode1End - firstSnapshot) + " s");
    double node0Last = r.jobs().stream().filter(j -> j.node().equals("node-0")).mapToDouble(JobResult::endedAt).max().orElseThrow();
    assertTrue(node0Last < lastNode1End, "the coordinator's own jobs read locally and finish first");
  }

  @Test
  void aBackupAskingWhileTheSnapshotIsTakenWaitsForTheNextBatch() {
    // One job per host at a time: each CSV's backups come at most two at a time (one per host), in several batches.
    SimulationResult r = run(allAtOnce("2012", "software", "dpm.max-allowed-parallel-backups = 1"));
    assertEquals(8, r.dpm().succeeded());
    for (CsvResult csv : r.csvs()) {
      List<SnapshotResult> s = csv.snapshots();
      assertTrue(s.size() >= 2, csv.name() + ": its four backups cannot share one snapshot: " + s);
      assertEquals(4, s.stream().mapToInt(SnapshotResult::jobs).sum());
      assertTrue(s.stream().allMatch(n -> n.jobs() <= 2), "at most one job per host at a time: " + s);
      for (int i = 1; i < s.size(); i++) assertTrue(s.get(i).from() >= s.get(i - 1).to() - 1e-9, csv.name() + ": one at a time " + s);
    }
  }

  @Test
  void on2012R2CoordinatorsEndBalancedAfterANodeCrashAndRecovery() {
    String crash = "faults = [{ at = \"21:30\", kind = node-crash, node = node-1, for = 20m }]";
    SimulationResult r2 = run(threeNodesSixCsvsOnNodeZero("2012r2", crash));
    Map<String, Integer> atEnd = coordinatorsAtEnd(r2);
    assertEquals(Map.of("node-0", 2, "node-1", 2, "node-2", 2), atEnd, "spread at the start and again after node-1 came back");
    assertTrue(r2.faults().stream().anyMatch(f -> f.kind().equals("rebalance") && f.at() >= 3600 + 20 * 60),
        "rebalanced after the recovery: " + r2.faults());
    // Without 2012 R2's balancing the start's placement stays, and the failover piles up on node-0.
    SimulationResult r12 = run(threeNodesSixCsvsOnNodeZero("2012", crash));
    assertEquals(Map.of("node-0", 6), coordinatorsAtEnd(r12));
  }

  @Test
  void on2012R2ACrashedCoordinatorsVolumesFailOverAndSpreadAgainAmongTheLiveNodes() {
    SimulationResult r = run(threeNodesSixCsvsOnNodeZero("2012r2", "faults = [{ at = \"21:30\", kind = node-crash, node = node-1 }]"));
    assertEquals(Map.of("node-0", 3, "node-2", 3), coordinatorsAtEnd(r), "node-1 stays down: its volumes spread over the other two");
  }

  @Test
  void on2012R2ANodeWithoutAStoragePathIsNoTargetUntilItsPathIsBack() {
    SimulationResult r = run(threeNodesSixCsvsOnNodeZero("2012r2",
        "faults = [{ at = \"21:30\", kind = storage-path-loss, node = node-1, for = 20m }]"));
    assertEquals(Map.of("node-0", 2, "node-1", 2, "node-2", 2), coordinatorsAtEnd(r), "spread again once node-1's path is back");
    long asked = r.faults().stream().filter(f -> f.kind().equals("rebalance")).count();
    // 4 moves at the start, each volume asked at most once while node-1 cannot take it and once after: not a storm of asks.
    assertTrue(asked <= 4 + 6 + 6, "asked " + asked + " times");
  }

  static Scenario threeNodesSixCsvsOnNodeZero(String platform, String faults) {
    StringBuilder b = new StringBuilder("csvsim { scenario { platform = \"" + platform + "\", start-time = \"20:30\", duration = 2h }\n");
    b.append("cluster { nodes = [{ name = node-0 }, { name = node-1 }, { name = node-2 }]\n csvs = [");
    for (int c = 0; c < 6; c++) b.append("{ name = csv-").append(c).append(", coordinator = node-0 },");
    b.append("]\n vms = [");
    for (int v = 0; v < 12; v++) b.append("{ name = vm-").append(v).append(", node = node-").append(v % 3).append(", csv = csv-").append(v % 6).append(" },");
    b.append("] }\n dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"] }]\n").append(faults).append("\n}");
    return TestScenarios.load(b.toString());
  }

  static Map<String, Integer> coordinatorsAtEnd(SimulationResult r) {
    Map<String, Integer> count = new HashMap<>();
    for (CsvResult csv : r.csvs()) count.merge(csv.coordinatorAtEnd(), 1, Integer::sum);
    return count;
  }

  @Test
  void on2012ALostStoragePathRedirectsAtBlockLevelForLessPerOp() {
    String noBackups = "dpm.protection-groups = []";
    String pathLoss = "faults = [{ at = \"21:00\", kind = storage-path-loss, node = node-1, for = 30m }]";
    double perOp2008 = nicSecondsPerServedOp(run(allAtOnce("2008r2", "software", noBackups, pathLoss)));
    double perOp2012 = nicSecondsPerServedOp(run(allAtOnce("2012", "software", noBackups, pathLoss)));
    // 8 KiB ops over 110 MB/s take 74.5 us; file-system redirection adds 30 us, block level 15 us.
    assertEquals(104.5e-6, perOp2008, 0.5e-6);
    assertEquals(89.5e-6, perOp2012, 0.5e-6);
  }

  static double nicSecondsPerServedOp(SimulationResult r) {
    NodeResult coordinator = node(r, "node-0");
    assertTrue(coordinator.redirectServedOps() > 100_000, "node-1 redirected through node-0: " + coordinator.redirectServedOps());
    return coordinator.nicBusySeconds() / coordinator.redirectServedOps();
  }

  @Test
  void on2012R2TheHostNoLongerMountsTheSnapshotForAutoRecovery() {
    SimulationResult r = run(allAtOnce("2012r2", "software"));
    SnapshotResult s = r.csvs().get(0).snapshots().get(0);
    assertEquals(60 - 20, s.to() - s.from(), 1e-6, "software.snapshot-time less auto-recovery-time");
  }

  @Test
  void settingsA2012ClusterIgnoresAreWarnedAboutAndLimitsAreChecked() {
    Scenario patched = allAtOnce("2012", "software", "scenario.patched = false");
    assertTrue(patched.warnings().stream().anyMatch(w -> w.startsWith("scenario.patched: ignored on Windows Server 2012")), patched.warnings().toString());
    assertTrue(allAtOnce("2012", "software").warnings().isEmpty(), "defaults warn of nothing");
    assertTrue(allAtOnce("2008r2", "software", "network.block-redirect-per-op-overhead = 10us").warnings().get(0)
        .startsWith("network.block-redirect-per-op-overhead: ignored on Windows Server 2008 R2"));
    Scenario groups = allAtOnce("2012", "software", "dpm.datasource-groups = on");
    assertTrue(groups.warnings().get(0).startsWith("dpm.datasource-groups: DPM 2012 SP1 backs up a CSV's VMs in parallel"));
    String big = "cluster.generate { nodes = 20, csvs = 4, vms = 40 }";
    Scenario tooBig = TestScenarios.load("csvsim." + big);
    assertEquals(List.of("cluster: 20 nodes, beyond Windows Server 2008 R2's supported 16 per failover cluster: the run goes on, but no such cluster is supported"),
        tooBig.warnings());
    assertTrue(TestScenarios.load("csvsim." + big, "scenario.platform = 2012").warnings().isEmpty(), "2012 supports 64 nodes");
    ScenarioException bad = assertThrows(ScenarioException.class, () -> TestScenarios.load("csvsim.scenario.platform = 2016"));
    assertTrue(bad.getMessage().contains("scenario.platform: expected one of 2008r2, 2012, 2012r2, got '2016'"), bad.getMessage());
  }
}

package io.csvsim.sim;

import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult.JobOutcome;
import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.VmResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whole scenarios in virtual time: what the seed and DOMAIN.md say must emerge from the messages. */
@ExtendWith(LogCapturingExtension.class)
class BackupBehaviourTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static final String[] NIGHTLY = {
    "scenario.start-time = \"20:59\"", "scenario.duration = 3h",
    "dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"] }]"
  };

  static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  static SimulationResult run(Scenario scenario) {
    SimulationResult result = Simulations.run(testKit, scenario);
    assertTrue(result.invariantsHold(), "invariants: " + result.invariantViolations());
    return result;
  }

  static List<JobResult> succeeded(SimulationResult r) {
    return r.jobs().stream().filter(j -> j.outcome() == JobOutcome.SUCCEEDED).toList();
  }

  static boolean overlap(double aFrom, double aTo, double bFrom, double bTo) {
    return aFrom < bTo && bFrom < aTo;
  }

  /** Most jobs in [from, to) at once, for the intervals given. */
  static int maxConcurrent(List<double[]> spans) {
    List<double[]> edges = new ArrayList<>();
    for (double[] s : spans) {
      edges.add(new double[] {s[0], 1});
      edges.add(new double[] {s[1], -1});
    }
    edges.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
    int current = 0;
    int max = 0;
    for (double[] e : edges) {
      current += (int) e[1];
      max = Math.max(max, current);
    }
    return max;
  }

  static final double TICK = 1.0;

  // ---- software provider --------------------------------------------------------------------

  @Test
  void softwareProviderSerialisesBackupsAndRedirectsOtherNodesForTheWholeJob() {
    SimulationResult r = run(TestScenarios.explicit(3, 1, 6, with(NIGHTLY, "vss.provider = software")));
    List<JobResult> jobs = succeeded(r);
    assertEquals(6, jobs.size(), "every VM backed up");
    CsvResult csv = r.csvs().get(0);
    assertEquals(1, csv.maxConcurrentBackups(), "never two backups in progress on one CSV");
    for (int i = 0; i < jobs.size(); i++) {
      for (int k = i + 1; k < jobs.size(); k++) {
        JobResult a = jobs.get(i);
        JobResult b = jobs.get(k);
        assertFalse(overlap(a.preparedAt(), a.endedAt(), b.preparedAt(), b.endedAt()), a.vm() + " overlaps " + b.vm());
      }
    }
    // A VM is redirected exactly while another node's job holds the CSV.
    for (VmResult vm : r.vms()) {
      double expected = jobs.stream().filter(j -> !j.node().equals(vm.node()))
          .mapToDouble(j -> j.endedAt() - j.preparedAt()).sum();
      assertEquals(expected, vm.redirectedSeconds(), jobs.size() * (TICK + 0.01), vm.name() + " redirected time");
      assertTrue(vm.redirectedOps() > 0);
    }
    // Serialised: the window is the sum of the jobs' durations plus the ownership moves.
    double busy = jobs.stream().mapToDouble(j -> j.endedAt() - j.preparedAt() + j.ownershipMoveSeconds()).sum();
    assertEquals(busy, r.backupWindowSeconds(), 0.01 * busy);
    assertTrue(csv.ownershipMoves() >= 2, "the coordinator follows the backups from node to node");
  }

  @Test
  void aFullySerialisedWindowMatchesItsAnalyticValue() {
    Scenario s = TestScenarios.explicit(2, 1, 4, with(NIGHTLY, "vss.provider = software",
        "dpm.max-allowed-parallel-backups = 1", "dpm.datasource-groups = on", "dpm.replicas-exist = false",
        "cluster.vm-defaults.size = 10GiB"));
    SimulationResult r = run(s);
    assertEquals(4, succeeded(r).size());
    double rate = s.dpm().ratePerTransfer(1);
    double transfer = 10.0 * (1L << 30) / rate;
    double snapshot = s.vss().softwareSnapshotTime() / 1e6;
    double move = s.ownershipMoveTime() / 1e6;
    // vm-0 on the coordinator node-0, then vm-1 (node-1), vm-2 (node-0), vm-3 (node-1): three moves
    double analytic = 4 * (snapshot + transfer) + 3 * move;
    assertEquals(analytic, r.backupWindowSeconds(), 0.02 * analytic);
    assertEquals(3, r.csvs().get(0).ownershipMoves());
  }

  @Test
  void anExpressFullSendsTheChangeSinceThatVmsPreviousBackup() {
    // Start 20:00, nightly at 21:00, two nights; the two VMs' jobs serialise on the CSV.
    String[] nights = {"scenario.start-time = \"20:00\"", "scenario.duration = 26h", "dpm.max-allowed-parallel-backups = 1",
        "dpm.datasource-groups = on", "cluster.vm-defaults.size = 100GB", "cluster.vm-defaults.daily-change-rate = 0.1"};
    double day = 86_400;
    double firstSchedule = 3600; // 21:00, an hour after the start
    for (String previousBackup : new String[] {null, "21:30"}) {
      String group = "dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"]"
          + (previousBackup == null ? "" : ", previous-backup = \"" + previousBackup + "\"") + " }]";
      SimulationResult r = run(TestScenarios.explicit(2, 1, 2, with(nights, group)));
      // Before the run: the schedule's previous occurrence (21:00 yesterday), or 21:30 yesterday.
      double beforeRun = previousBackup == null ? firstSchedule - day : firstSchedule - 23.5 * 3600;
      for (String vm : List.of("vm-0", "vm-1")) {
        List<JobResult> jobs = succeeded(r).stream().filter(j -> j.vm().equals(vm)).toList();
        assertEquals(2, jobs.size(), vm + " backed up each night");
        double previous = beforeRun;
        for (JobResult job : jobs) {
          double expected = 100e9 * 0.1 * (job.snapshotAt() - previous) / day;
          assertEquals(expected, job.bytes(), 1e-6 * expected, vm + " attempt queued at " + job.queuedAt() + " (previous " + previousBackup + ")");
          previous = job.snapshotAt(); // the next night sends the change since this snapshot
        }
      }
    }
  }

  @Test
  void theDefaultsReproduceDpm2010sInitialReplicaTableAtOneGigabit() {
    // DPM 2010 planning: at 1 Gbps (0.8 x link speed) 50 GB < 10 min, 200 GB < 36 min, 500 GB < 1.5 h.
    long[] gigabytes = {50, 200, 500};
    double[] tableSeconds = {10 * 60, 36 * 60, 90 * 60};
    for (int row = 0; row < gigabytes.length; row++) {
      Scenario s = TestScenarios.explicit(1, 1, 1, with(NIGHTLY, "scenario.duration = 4h", "dpm.replicas-exist = false",
          "dpm.backup-network.bandwidth = 125MB", "cluster.vm-defaults.size = " + gigabytes[row] + "GB"));
      JobResult job = succeeded(run(s)).get(0);
      assertEquals(JobKind.INITIAL_REPLICA, job.kind());
      double transfer = job.endedAt() - job.snapshotAt();
      double atEightyPercent = gigabytes[row] * 1e9 / (0.8 * 125e6);
      assertEquals(atEightyPercent, transfer, 0.01 * atEightyPercent, gigabytes[row] + " GB at 0.8 x 1 Gbps");
      assertTrue(job.endedAt() - job.startedAt() < tableSeconds[row],
          gigabytes[row] + " GB took " + (job.endedAt() - job.startedAt()) + " s from start to end; the table says under " + tableSeconds[row]);
    }
  }

  // ---- hardware provider --------------------------------------------------------------------

  @Test
  void hardwareProviderRedirectsOnlyUntilTheSnapshotAndOverlapsTransfers() {
    // 20 GiB a job: a transfer outlasts the next job's snapshot, so transfers can overlap.
    String[] base = with(NIGHTLY, "cluster.vm-defaults.size = 200GiB");
    SimulationResult hw = run(TestScenarios.explicit(3, 1, 6, with(base, "vss.provider = hardware")));
    SimulationResult sw = run(TestScenarios.explicit(3, 1, 6, with(base, "vss.provider = software")));
    List<JobResult> jobs = succeeded(hw);
    assertEquals(6, jobs.size());
    double pinned = jobs.stream().mapToDouble(j -> j.snapshotAt() - j.preparedAt()).sum();
    assertEquals(pinned, hw.csvs().get(0).redirectedSeconds(), jobs.size() * 0.01, "redirect lasts only until each snapshot");
    for (VmResult vm : hw.vms()) {
      double expected = jobs.stream().filter(j -> !j.node().equals(vm.node())).mapToDouble(j -> j.snapshotAt() - j.preparedAt()).sum();
      assertEquals(expected, vm.redirectedSeconds(), jobs.size() * (TICK + 0.01), vm.name());
    }
    boolean transfersOverlap = false;
    for (JobResult a : jobs) {
      for (JobResult b : jobs) {
        if (a != b && overlap(a.snapshotAt(), a.endedAt(), b.snapshotAt(), b.endedAt())) transfersOverlap = true;
      }
    }
    assertTrue(transfersOverlap, "transfers of VMs on one CSV overlap");
    assertTrue(hw.csvs().get(0).maxConcurrentBackups() > 1);
    // Snapshots overlap transfers, so after the first snapshot the backup link never idles: the
    // window is that snapshot plus every byte at the link's rate. Software serialises whole jobs.
    Scenario hwScenario = TestScenarios.explicit(3, 1, 6, with(base, "vss.provider = hardware"));
    double linkBound = hwScenario.vss().hardwareSnapshotTime() / 1e6
        + jobs.stream().mapToDouble(JobResult::bytes).sum() / hwScenario.dpm().transferRate();
    assertEquals(linkBound, hw.backupWindowSeconds(), 0.01 * linkBound, "the hardware window is bound by the backup link");
    double serial = succeeded(sw).stream().mapToDouble(j -> 60 + j.bytes() / hwScenario.dpm().transferRate()).sum();
    assertTrue(hw.backupWindowSeconds() < sw.backupWindowSeconds() && sw.backupWindowSeconds() >= serial,
        "hardware window " + hw.backupWindowSeconds() + " s vs software " + sw.backupWindowSeconds() + " s");
    assertTrue(hw.csvs().get(0).redirectedSeconds() < 0.5 * sw.csvs().get(0).redirectedSeconds());
  }

  // ---- redirected I/O -------------------------------------------------------------------------

  static double meanLatency(SimulationResult r, boolean redirected) {
    double sum = 0;
    long n = 0;
    for (VmResult vm : r.vms()) {
      SimulationResult.Latency l = redirected ? vm.latencyMs().redirected() : vm.latencyMs().direct();
      sum += l.mean() * l.count();
      n += l.count();
    }
    return sum / n;
  }

  @Test
  void redirectedIoIsSlowerGrowsWithLoadAndIsServedByTheCoordinator() {
    String[] base = with(NIGHTLY, "vss.provider = software", "network.bandwidth = 20MB", "cluster.vm-defaults.io-size = 32KiB");
    SimulationResult light = run(TestScenarios.explicit(2, 1, 4, with(base, "cluster.vm-defaults.iops = 40")));
    SimulationResult heavy = run(TestScenarios.explicit(2, 1, 4, with(base, "cluster.vm-defaults.iops = 250")));
    double lightDirect = meanLatency(light, false);
    double lightRedirected = meanLatency(light, true);
    double heavyRedirected = meanLatency(heavy, true);
    assertTrue(lightRedirected > lightDirect, "redirected " + lightRedirected + " ms vs direct " + lightDirect + " ms");
    assertTrue(heavyRedirected > 1.5 * lightRedirected, "redirected latency grows with load: " + lightRedirected + " -> " + heavyRedirected);
    for (SimulationResult r : List.of(light, heavy)) {
      long redirectedOps = r.vms().stream().mapToLong(VmResult::redirectedOps).sum();
      long servedOps = r.nodes().stream().mapToLong(SimulationResult.NodeResult::redirectServedOps).sum();
      long servedBytes = r.nodes().stream().mapToLong(SimulationResult.NodeResult::redirectServedBytes).sum();
      long inFlight = r.vms().stream().mapToLong(VmResult::opsInFlight).sum();
      assertTrue(redirectedOps > 0);
      assertTrue(servedOps <= redirectedOps && servedOps >= redirectedOps - inFlight, "every redirected op crosses a coordinator's NIC");
      assertEquals(servedOps * 32 * 1024, servedBytes);
      assertTrue(r.nodes().stream().allMatch(n -> n.redirectServedOps() > 0), "each node coordinated while the other's VMs were backed up");
    }
  }

  @Test
  void aCoordinatorFedPoissonBurstsWithExponentialServiceMatchesMM1() {
    // node-0 holds the CSV for the whole run (a huge initial replica); vm-1 on node-1 runs redirected.
    Scenario s = TestScenarios.load("""
        csvsim {
          scenario { start-time = "20:59", duration = 2h }
          io.tick = 10ms
          network { bandwidth = 100MB, per-op-overhead = 0us, service-time = exponential }
          cluster {
            nodes = [{ name = node-0 }, { name = node-1 }]
            csvs = [{ name = csv-0, coordinator = node-0 }]
            vms = [
              { name = holder, node = node-0, csv = csv-0, size = 2TiB, iops = 0 }
              { name = load, node = node-1, csv = csv-0, iops = 1000, io-size = 64KiB, arrival = poisson }
            ]
          }
          dpm { replicas-exist = false, protection-groups = [{ name = pg, vms = [holder], schedule = ["21:00"] }] }
        }
        """);
    SimulationResult r = run(s);
    SimulationResult.NodeResult coordinator = r.nodes().get(0);
    double mu = 1e6 / s.network().meanServiceMicros(64 * 1024); // per second
    double lambda = 1000;
    double rho = lambda / mu;
    double expectedWaitMs = rho / (mu - lambda) * 1000;
    assertTrue(coordinator.redirectServedOps() > 3_000_000, "ops " + coordinator.redirectServedOps());
    assertEquals(expectedWaitMs, coordinator.nicMeanWaitMs(), 0.05 * expectedWaitMs);
  }

  // ---- DPM limits -----------------------------------------------------------------------------

  static int maxStartedPerNode(SimulationResult r, String node) {
    List<double[]> spans = r.jobs().stream().filter(j -> j.node().equals(node) && j.startedAt() != null)
        .map(j -> new double[] {j.startedAt(), j.endedAt()}).toList();
    return maxConcurrent(new ArrayList<>(spans));
  }

  @Test
  void maxAllowedParallelBackupsLimitsEachHost() {
    for (int limit : new int[] {1, 3}) {
      // One node, a CSV per VM: only the host limit can hold a job back.
      SimulationResult r = run(TestScenarios.explicit(1, 8, 8, with(NIGHTLY, "dpm.max-allowed-parallel-backups = " + limit)));
      assertEquals(8, succeeded(r).size());
      assertEquals(limit, maxStartedPerNode(r, "node-0"), "limit " + limit);
      double hostWaits = r.jobs().stream().mapToDouble(j -> j.waitedFor().getOrDefault("host-limit", 0.0)).sum();
      assertTrue(hostWaits > 0, "jobs waited for the host limit");
    }
  }

  @Test
  void dataSourceGroupsRunOneBackupPerCsvAtATime() {
    String[] base = with(NIGHTLY, "vss.provider = hardware", "dpm.max-allowed-parallel-backups = 8");
    SimulationResult grouped = run(TestScenarios.explicit(2, 2, 8, with(base, "dpm.datasource-groups = on")));
    SimulationResult ungrouped = run(TestScenarios.explicit(2, 2, 8, with(base, "dpm.datasource-groups = off")));
    for (String csv : List.of("csv-0", "csv-1")) {
      List<double[]> spans = new ArrayList<>(grouped.jobs().stream().filter(j -> j.csv().equals(csv) && j.startedAt() != null)
          .map(j -> new double[] {j.startedAt(), j.endedAt()}).toList());
      assertEquals(1, maxConcurrent(spans), csv);
    }
    assertTrue(grouped.jobs().stream().anyMatch(j -> j.waitedFor().getOrDefault("datasource-group", 0.0) > 0));
    assertTrue(ungrouped.csvs().stream().anyMatch(c -> c.maxConcurrentBackups() > 1), "without groups, hardware transfers overlap");
  }

  @Test
  void listedDataSourceGroupsActAsTheFileSaysEvenWhenItIsStale() {
    String[] base = with(NIGHTLY, "vss.provider = hardware", "dpm.max-allowed-parallel-backups = 8");
    SimulationResult perCsv = run(TestScenarios.explicit(2, 2, 8, with(base, "dpm.datasource-groups = on")));
    SimulationResult listed = run(TestScenarios.explicit(2, 2, 8, with(base,
        "dpm.datasource-groups = [{ name = csv-0, vms = [vm-0, vm-2, vm-4, vm-6] }, { name = csv-1, vms = [vm-1, vm-3, vm-5, vm-7] }]")));
    assertEquals(perCsv.fingerprint(), listed.fingerprint(), "the groups DSConfig.ps1 would make are the default ones");
    // vm-2 moved to csv-0 after the file was made: the file still groups it with csv-1's VMs.
    SimulationResult stale = run(TestScenarios.explicit(2, 2, 8, with(base,
        "dpm.datasource-groups = [{ name = csv-0, vms = [vm-0, vm-4, vm-6] }, { name = csv-1, vms = [vm-1, vm-2, vm-3, vm-5, vm-7] }]")));
    List<double[]> csv0 = new ArrayList<>(stale.jobs().stream().filter(j -> j.csv().equals("csv-0") && j.startedAt() != null)
        .map(j -> new double[] {j.startedAt(), j.endedAt()}).toList());
    assertEquals(2, maxConcurrent(csv0), "vm-2's backup runs beside its own CSV's group");
  }

  @Test
  void unpatchedParallelBackupsFromTwoNodesFailUnlessDpmSerialisesThem() {
    String[] base = with(NIGHTLY, "vss.provider = software", "scenario.patched = false", "dpm.retry.max-attempts = 1");
    SimulationResult unserialised = run(TestScenarios.explicit(2, 1, 6, base));
    List<JobResult> failed = unserialised.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).toList();
    assertFalse(failed.isEmpty(), "parallel backups from another node fail on unpatched 2008 R2");
    assertTrue(failed.stream().allMatch(j -> j.reason().contains("KB975354")));
    SimulationResult serialised = run(TestScenarios.explicit(2, 1, 6, with(base, "dpm.datasource-groups = on")));
    assertTrue(serialised.jobs().stream().allMatch(j -> j.outcome() == JobOutcome.SUCCEEDED), "DataSourceGroups avoid the failure");
    SimulationResult patched = run(TestScenarios.explicit(2, 1, 6, with(NIGHTLY, "vss.provider = software")));
    assertTrue(patched.jobs().stream().allMatch(j -> j.outcome() == JobOutcome.SUCCEEDED));
  }

  @Test
  void failedJobsAreRetriedAfterTheDelay() {
    SimulationResult r = run(TestScenarios.explicit(2, 1, 6, with(NIGHTLY, "vss.provider = software", "scenario.patched = false",
        "dpm.retry.max-attempts = 3", "dpm.retry.delay = 5m")));
    List<JobResult> retries = r.jobs().stream().filter(j -> j.attempt() > 1).toList();
    assertFalse(retries.isEmpty());
    for (JobResult retry : retries) {
      JobResult previous = r.jobs().stream().filter(j -> j.vm().equals(retry.vm()) && j.attempt() == retry.attempt() - 1).findFirst().orElseThrow();
      assertEquals(JobOutcome.FAILED, previous.outcome());
      assertEquals(previous.endedAt() + 300, retry.queuedAt(), 0.001);
    }
  }

  // ---- baselines and bookkeeping --------------------------------------------------------------

  @Test
  void nonCsvModeNeverRedirectsAndBacksUpLunsInParallel() {
    SimulationResult r = run(TestScenarios.load("csvsim.cluster.generate { nodes = 4, vms = 20 }",
        with(NIGHTLY, "scenario.mode = non-csv")));
    assertEquals(20, succeeded(r).size());
    assertTrue(r.vms().stream().allMatch(v -> v.redirectedOps() == 0 && v.redirectedSeconds() == 0));
    assertTrue(r.csvs().stream().allMatch(c -> c.redirectedSeconds() == 0 && c.ownershipMoves() == 0));
    assertTrue(r.nodes().stream().allMatch(n -> n.redirectServedOps() == 0));
    List<double[]> all = new ArrayList<>(r.jobs().stream().map(j -> new double[] {j.startedAt(), j.endedAt()}).toList());
    assertTrue(maxConcurrent(all) > 4, "backups of different LUNs run in parallel");
  }

  @Test
  void offlineBackupsPauseTheVmForItsSnapshot() {
    Scenario s = TestScenarios.explicit(2, 1, 4, with(NIGHTLY, "cluster.vm-defaults.backup-mode = offline"));
    SimulationResult r = run(s);
    double snapshot = s.vss().softwareSnapshotTime() / 1e6;
    for (VmResult vm : r.vms()) assertEquals(snapshot, vm.downtimeSeconds(), 1e-9, vm.name());
    for (JobResult j : succeeded(r)) assertEquals(snapshot, j.downtimeSeconds(), 1e-9);
    SimulationResult online = run(TestScenarios.explicit(2, 1, 4, NIGHTLY));
    assertTrue(online.vms().stream().allMatch(v -> v.downtimeSeconds() == 0));
  }

  @Test
  void aRunThatEndsMidBackupCancelsTheRestAndLosesNoIo() {
    SimulationResult r = run(TestScenarios.explicit(2, 1, 6, "scenario.start-time = \"20:59\"", "scenario.duration = 5m",
        "dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"] }]"));
    assertTrue(r.jobs().stream().anyMatch(j -> j.outcome() == JobOutcome.CANCELLED));
    assertFalse(r.backupWindowComplete());
    assertTrue(r.vms().stream().mapToLong(VmResult::opsInFlight).sum() > 0, "the last tick's ops are still in flight");
    for (VmResult vm : r.vms()) assertEquals(vm.opsIssued(), vm.opsCompleted() + vm.opsFailed() + vm.opsInFlight(), vm.name());
  }
}

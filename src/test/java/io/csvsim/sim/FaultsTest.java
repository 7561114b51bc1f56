package io.csvsim.sim;

import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult.JobOutcome;
import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.AccessPeriod;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Faults scheduled in the scenario, and what follows from them in the model. */
@ExtendWith(LogCapturingExtension.class)
class FaultsTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static SimulationResult run(String file, String... overrides) {
    return Simulations.runChecked(testKit, file, overrides);
  }

  static double longestRedirect(SimulationResult r) {
    return r.csvs().get(0).accessPeriods().stream().filter(p -> p.access() == Access.REDIRECTED)
        .mapToDouble(p -> p.to() - p.from()).max().orElse(0);
  }

  @Test
  void aRequesterThatDiesAfterPrepareLeavesTheCsvRedirectedUntilTheAutoClear() {
    SimulationResult r = run("conf/scenarios/requester-death.conf");
    JobResult failed = r.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).findFirst().orElseThrow();
    assertEquals("node-b", failed.node());
    assertTrue(failed.reason().startsWith("requester-death"));
    assertTrue(r.jobs().stream().anyMatch(j -> j.vm().equals(failed.vm()) && j.attempt() == 2 && j.outcome() == JobOutcome.SUCCEEDED),
        "DPM retries the failed job");
    assertTrue(longestRedirect(r) >= 1800, "30 minutes of stuck redirect, got " + longestRedirect(r) + " s");
    assertTrue(r.faults().stream().anyMatch(f -> f.what().startsWith("auto-cleared")));
    SimulationResult healthy = run("conf/scenarios/seed-two-node.conf");
    assertTrue(r.backupWindowSeconds() > healthy.backupWindowSeconds() + 1700, "everything else waited for the CSV");
  }

  @Test
  void anOperatorClearEndsTheStuckRedirectEarly() {
    SimulationResult r = run("conf/scenarios/requester-death.conf",
        "faults = [{ at = \"21:00\", kind = requester-death, node = node-b }, { at = \"21:15\", kind = operator-clear, csv = Volume1 }]");
    assertTrue(longestRedirect(r) < 1800, "cleared before the auto-clear: " + longestRedirect(r) + " s");
    assertTrue(r.faults().stream().anyMatch(f -> f.kind().equals("operator-clear") && f.what().startsWith("cleared job")));
    assertTrue(r.faults().stream().noneMatch(f -> f.what().startsWith("auto-cleared")), "nothing left to auto-clear");
    // the requester died at about 21:08 (2,312 s after the 20:30 start); the operator cleared at 21:15 (2,700 s)
    AccessPeriod stuck = r.csvs().get(0).accessPeriods().stream()
        .filter(p -> p.access() == Access.REDIRECTED && p.from() <= 2500 && p.to() > 2500).findFirst().orElseThrow();
    assertEquals(2700, stuck.to(), 1.0, "the stuck period ends at the operator's clear");
  }

  @Test
  void aFailedSnapshotFailsTheJobReleasesTheCsvAndIsRetried() {
    SimulationResult r = run("conf/scenarios/seed-two-node.conf", "faults = [{ at = \"21:00\", kind = snapshot-failure, node = node-a }]");
    JobResult failed = r.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).findFirst().orElseThrow();
    assertEquals("node-a", failed.node());
    assertTrue(failed.reason().startsWith("snapshot-failure"));
    assertNull(failed.snapshotAt(), "no snapshot was taken");
    assertTrue(r.jobs().stream().anyMatch(j -> j.vm().equals(failed.vm()) && j.attempt() == 2 && j.outcome() == JobOutcome.SUCCEEDED));
    assertTrue(longestRedirect(r) < 600, "the agent released the CSV at once");
    assertEquals(0, r.dpm().cancelled());
  }

  static JobResult job(SimulationResult r, String vm, int attempt) {
    return r.jobs().stream().filter(j -> j.vm().equals(vm) && j.attempt() == attempt).findFirst().orElseThrow();
  }

  static boolean logged(SimulationResult r, String kind, String target, String text) {
    return r.faults().stream().anyMatch(f -> f.kind().equals(kind) && f.target().equals(target) && f.what().contains(text));
  }

  @Test
  void aNodeCrashDuringASoftwareBackupFailsItFailsOverTheCsvAndRetriesWithAConsistencyCheck() {
    SimulationResult r = run("conf/scenarios/node-crash.conf");
    double crash = 2280; // 21:08, 38 minutes after the 20:30 start
    double detected = crash + 5;

    JobResult cut = job(r, "b-exch", 1);
    assertEquals(JobOutcome.FAILED, cut.outcome());
    assertEquals("node-b", cut.node());
    assertNotNull(cut.snapshotAt(), "it had its snapshot: the crash cut its transfer");
    assertEquals(detected, cut.endedAt(), 0.01, "DPM hears of the lost agent when the cluster declares the node down");
    assertTrue(cut.reason().startsWith("node-crash") && cut.reason().contains("snapshot was lost"), cut.reason());

    JobResult check = job(r, "b-exch", 2);
    assertEquals(JobKind.CONSISTENCY_CHECK, check.kind(), "the lost snapshot left the replica inconsistent");
    assertEquals(JobOutcome.SUCCEEDED, check.outcome());
    assertEquals("node-a", check.node(), "the VM restarted on the surviving node");
    assertEquals(cut.endedAt() + 600, check.queuedAt(), 0.01, "retried after dpm.retry.delay");

    var volume = r.csvs().get(0);
    assertEquals(1, volume.failovers());
    AccessPeriod failover = volume.accessPeriods().stream()
        .filter(p -> p.access() == Access.MOVING && Math.abs(p.from() - detected) < 0.01).findFirst().orElseThrow();
    assertEquals("node-b", failover.coordinator(), "the lost coordinator");
    assertEquals(detected + 5, failover.to(), 0.01, "cluster.failover.csv-failover-time, while I/O waits");
    AccessPeriod after = volume.accessPeriods().stream().filter(p -> p.from() == failover.to()).findFirst().orElseThrow();
    assertEquals("node-a", after.coordinator(), "the new coordinator");
    assertTrue(logged(r, "failover", "Volume1", "new coordinator node-a"));
    assertTrue(logged(r, "node-crash", "Volume1", "pin is lost"));
    assertTrue(logged(r, "replica-inconsistent", "b-exch", "consistency check"));

    for (var vm : r.vms()) {
      assertEquals("node-a", vm.nodeAtEnd(), vm.name() + " runs on the survivor at the end");
      if (vm.node().equals("node-b")) assertTrue(vm.opsFailed() > 0, vm.name() + " lost its outstanding I/O");
      else assertEquals(0, vm.opsFailed(), vm.name() + " lost nothing");
    }
    assertTrue(logged(r, "node-crash", "b-dc", "restarted on node-a"));
    assertTrue(r.vms().stream().filter(vm -> vm.node().equals("node-a"))
        .allMatch(vm -> vm.latencyMs().direct().heldOps().get("failover") + vm.latencyMs().redirected().heldOps().get("failover") > 0),
        "node-a's ops waited while Volume1 failed over, and say so");
    assertTrue(logged(r, "node-crash", "node-b", "rejoined"));
    assertTrue(r.jobs().stream().allMatch(j -> j.outcome() != JobOutcome.CANCELLED));
    assertTrue(r.jobs().stream().filter(j -> j.outcome() == JobOutcome.SUCCEEDED).map(JobResult::vm).distinct().count() == 8,
        "every VM is backed up in the end");
  }

  /** The time of day {@code seconds} after the seed scenario's 20:30 start, as a fault's {@code at}. */
  static String seedTimeOfDay(double seconds) {
    long s = 20 * 3600 + 30 * 60 + (long) seconds;
    return String.format("%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
  }

  @Test
  void aNodeCrashBeforeTheSnapshotLosesNoSnapshotAndTheRetryIsAnExpressFull() {
    JobResult healthy = job(run("conf/scenarios/seed-two-node.conf"), "b-exch", 1);
    double crash = Math.ceil(healthy.preparedAt()) + 1; // prepared, its snapshot not yet taken
    assertTrue(crash < healthy.snapshotAt(), "the crash falls between prepare and snapshot");
    SimulationResult r = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"" + seedTimeOfDay(crash) + "\", kind = node-crash, node = node-b, for = 15m }]");
    JobResult cut = job(r, "b-exch", 1);
    assertEquals(JobOutcome.FAILED, cut.outcome());
    assertNull(cut.snapshotAt(), "it never reached its snapshot");
    assertTrue(cut.reason().startsWith("node-crash") && !cut.reason().contains("snapshot"), cut.reason());
    assertEquals(JobKind.EXPRESS_FULL, job(r, "b-exch", 2).kind(), "no snapshot existed, so none was lost: the replica is consistent");
    assertTrue(r.faults().stream().noneMatch(f -> f.kind().equals("replica-inconsistent")));
  }

  @Test
  void aNodeThatLosesItsStoragePathRedirectsEverythingAndItsBackupsFail() {
    SimulationResult r = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"20:40\", kind = storage-path-loss, node = node-a, for = 30m }]");
    var volume = r.csvs().get(0);
    assertEquals(1, volume.failovers(), "node-a coordinated Volume1: it hands it on");
    assertTrue(logged(r, "failover", "Volume1", "new coordinator node-b"));
    for (var vm : r.vms()) {
      if (vm.node().equals("node-a")) assertTrue(vm.redirectedSeconds() >= 1200, vm.name() + " ran redirected: " + vm.redirectedSeconds());
    }
    JobResult first = job(r, "a-sql", 1);
    assertEquals(JobOutcome.FAILED, first.outcome());
    assertTrue(first.reason().startsWith("storage-path-loss"), first.reason());
    JobResult retry = job(r, "a-sql", 2);
    assertEquals(JobOutcome.SUCCEEDED, retry.outcome(), "retried after dpm.retry.delay, when the path is back (21:10)");
    assertTrue(retry.startedAt() >= 2400, "retry started at " + retry.startedAt());
    assertTrue(logged(r, "storage-path-loss", "node-a", "restored"));
  }

  @Test
  void aSnapshotTimeoutHoldsTheCsvUntilTheTimeoutThenFails() {
    SimulationResult r = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"20:40\", kind = snapshot-timeout, node = node-a, phase = flush-and-hold }]");
    JobResult failed = job(r, "a-sql", 1);
    assertEquals(JobOutcome.FAILED, failed.outcome());
    assertTrue(failed.reason().startsWith("snapshot-timeout") && failed.reason().contains("10 s"), failed.reason());
    assertEquals(failed.preparedAt() + 10, failed.endedAt(), 0.01, "held until the flush-and-hold timeout");
    assertEquals(JobOutcome.SUCCEEDED, job(r, "a-sql", 2).outcome());
  }

  @Test
  void aLiveMigrationFailsABackupBeforeItsSnapshotAndCarriesOneAfterIt() {
    // b-exch (node-b) waits for Volume1 until about 21:08; a-sql is past its snapshot (21:01) at 21:02.
    SimulationResult r = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"21:02\", kind = live-migration, vm = b-exch, to = node-a },"
            + " { at = \"21:02\", kind = live-migration, vm = a-sql, to = node-b }]");
    JobResult before = job(r, "b-exch", 1);
    assertEquals(JobOutcome.FAILED, before.outcome());
    assertTrue(before.reason().startsWith("live-migration"), before.reason());
    assertEquals(JobOutcome.SUCCEEDED, job(r, "b-exch", 2).outcome());
    assertEquals("node-a", job(r, "b-exch", 2).node(), "the retry runs where the VM now is");
    JobResult after = job(r, "a-sql", 1);
    assertEquals(JobOutcome.SUCCEEDED, after.outcome(), "past its snapshot, the backup goes on from the snapshot");
    assertEquals("node-b", r.vms().stream().filter(v -> v.name().equals("a-sql")).findFirst().orElseThrow().nodeAtEnd());
    assertTrue(logged(r, "live-migration", "a-sql", "now runs on node-b"));
  }

  @Test
  void aDpmRestartFailsRunningJobsAndAConsistencyCheckFollowsACutTransfer() {
    SimulationResult r = run("conf/scenarios/seed-two-node.conf", "faults = [{ at = \"21:02\", kind = dpm-restart, for = 5m }]");
    JobResult cut = job(r, "a-sql", 1);
    assertEquals(JobOutcome.FAILED, cut.outcome());
    assertTrue(cut.reason().startsWith("dpm-restart"));
    assertEquals(JobKind.CONSISTENCY_CHECK, job(r, "a-sql", 2).kind());
    assertEquals(JobOutcome.SUCCEEDED, job(r, "a-sql", 2).outcome());
    JobResult waiting = job(r, "b-exch", 1);
    assertEquals(JobOutcome.FAILED, waiting.outcome(), "running, waiting for the CSV: failed too");
    assertEquals(JobKind.EXPRESS_FULL, job(r, "b-exch", 2).kind(), "no transfer was cut: its replica is consistent");
    assertTrue(r.jobs().stream().filter(j -> j.startedAt() != null)
        .noneMatch(j -> j.startedAt() > 1920 && j.startedAt() < 1920 + 300), "nothing starts while DPM is down");
  }

  @Test
  void aDegradedNetworkSlowsRedirectedIo() {
    SimulationResult healthy = run("conf/scenarios/seed-two-node.conf");
    SimulationResult slow = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"20:50\", kind = network-degraded, factor = 50, for = 2h }]");
    double busy = healthy.nodes().stream().mapToDouble(n -> n.nicBusySeconds()).sum();
    double slowBusy = slow.nodes().stream().mapToDouble(n -> n.nicBusySeconds()).sum();
    assertEquals(50, slowBusy / busy, 5, "the NICs work 50 times as long for the same redirected ops");
    assertTrue(logged(slow, "network-degraded", "cluster network", "back to full speed"));
  }

  @Test
  void anOverlappingDegradationThatEndsFirstLeavesTheOtherInForce() {
    SimulationResult alone = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"20:50\", kind = network-degraded, factor = 50, for = 2h }]");
    SimulationResult overlapped = run("conf/scenarios/seed-two-node.conf",
        "faults = [{ at = \"20:50\", kind = network-degraded, factor = 50, for = 2h },"
            + " { at = \"20:55\", kind = network-degraded, factor = 10, for = 5m }]");
    double busy = alone.nodes().stream().mapToDouble(n -> n.nicBusySeconds()).sum();
    double overlappedBusy = overlapped.nodes().stream().mapToDouble(n -> n.nicBusySeconds()).sum();
    assertEquals(busy, overlappedBusy, busy * 0.02, "the 10x degradation inside the 50x one changes nothing, nor does its end");
    assertTrue(logged(overlapped, "network-degraded", "cluster network", "1 still running: 50.0 times slower"));
    assertTrue(logged(overlapped, "network-degraded", "cluster network", "back to full speed"));
  }

  @Test
  void chaosIsSeededAndEveryInvariantHolds() {
    SimulationResult a = run("conf/scenarios/dpm-recommended.conf", "chaos.rate = 4", "scenario.duration = 4h");
    SimulationResult b = run("conf/scenarios/dpm-recommended.conf", "chaos.rate = 4", "scenario.duration = 4h");
    assertTrue(a.faults().size() > 5, "some faults struck: " + a.faults().size());
    assertEquals(a.faults(), b.faults(), "the same seed gives the same faults and consequences");
    assertEquals(a.jobs(), b.jobs());
  }

  @Test
  void aFaultAndItsConsequencesAppearInEveryReport() {
    SimulationResult r = run("conf/scenarios/node-crash.conf");
    java.util.Map<String, String> reports = java.util.Map.of(
        "text", io.csvsim.report.TextReport.render(r),
        "summary.json", io.csvsim.report.JsonReport.render(r),
        "jobs.csv", io.csvsim.report.JobsCsv.render(r),
        "report.html", io.csvsim.report.HtmlReport.render(r));
    reports.forEach((name, text) -> {
      assertTrue(text.contains("node-crash: node-b went down during the job"), name + " gives the failed job's reason");
      assertTrue(text.contains("consistency-check"), name + " shows the consistency check");
    });
    for (String name : List.of("text", "summary.json", "report.html")) {
      String text = reports.get(name);
      assertTrue(text.contains("new coordinator node-a"), name + " shows the failover");
      assertTrue(text.contains("declared down"), name + " shows the detection");
    }
  }

  @Test
  void aNodeThatCrashedWithoutAStoragePathGetsItBackAndCanCoordinateAgain() {
    SimulationResult r = run("conf/scenarios/seed-two-node.conf", "faults = ["
        + "{ at = \"20:40\", kind = storage-path-loss, node = node-a, for = 30m },"
        + "{ at = \"20:45\", kind = node-crash, node = node-a, for = 10m },"
        + "{ at = \"21:30\", kind = node-crash, node = node-b, for = 10m }]");
    double secondCrash = 3600 + 5; // 21:30 plus detection, from the 20:30 start
    assertTrue(r.faults().stream().anyMatch(f -> f.kind().equals("failover") && f.at() > secondCrash
        && f.what().equals("new coordinator node-a; I/O resumes")), "node-a, up and with its path back, takes Volume1 over");
    assertTrue(r.faults().stream().noneMatch(f -> f.what().startsWith("no node can coordinate")));
  }
}

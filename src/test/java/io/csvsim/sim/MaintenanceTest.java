package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.AccessPeriod;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.MaintenanceResult;
import io.csvsim.result.SimulationResult.VmResult;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Maintenance on a CSV (chkdsk, defrag, redirected access): the seed's other cause of redirect. */
@ExtendWith(LogCapturingExtension.class)
class MaintenanceTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final String SEED = "conf/scenarios/seed-two-node.conf";
  static final String COLLISION = "conf/scenarios/maintenance-collision.conf";
  static final double NINE_PM = 1800; // the seed's backups are queued at 21:00, 30 minutes after its 20:30 start

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static SimulationResult run(String file, String... overrides) {
    SimulationResult r = Simulations.runChecked(testKit, file, overrides);
    assertTrue(r.invariants().get("maintenance-accounted"), "every maintenance has its record");
    return r;
  }

  static MaintenanceResult only(SimulationResult r) {
    List<MaintenanceResult> all = r.csvs().get(0).maintenance();
    assertEquals(1, all.size(), all.toString());
    return all.get(0);
  }

  /** The seed's cluster without backups, and 40 minutes of {@code kind} from node-b at 21:00: it ends done. */
  static SimulationResult withoutBackups(String kind) {
    SimulationResult r = run(SEED, "dpm.protection-groups = []",
        "maintenance = [{ at = \"21:00\", csv = Volume1, node = node-b, kind = " + kind + ", for = 40m }]");
    assertEquals("done", only(r).outcome());
    return r;
  }

  @Test
  void duringMaintenanceEveryOtherNodesOpsGoRedirectedThroughTheMaintainingNode() {
    // No backups: whatever is redirected, the maintenance redirected.
    SimulationResult r = withoutBackups("redirected-access");
    MaintenanceResult m = only(r);
    assertEquals(NINE_PM, m.requestedAt(), 0.01);
    assertEquals(2400 + 2, m.to() - m.from(), 0.01, "40 minutes after the 2 s move to node-b");
    for (AccessPeriod p : r.csvs().get(0).accessPeriods()) {
      boolean inside = p.from() >= m.from() + 2 - 1e-6 && p.to() <= m.to() + 1e-6;
      if (inside) {
        assertEquals(Access.REDIRECTED, p.access(), p.toString());
        assertEquals("node-b", p.coordinator(), p.toString());
      } else if (p.to() <= m.from() || p.from() >= m.to()) {
        assertEquals(Access.DIRECT, p.access(), "direct outside the maintenance: " + p);
      }
    }
    long redirectedOfA = 0;
    for (VmResult vm : r.vms()) {
      if (vm.node().equals("node-a")) {
        redirectedOfA += vm.redirectedOps();
        assertEquals(2400, vm.redirectedSeconds(), 1, vm.name() + " ran redirected for the maintenance");
      } else {
        assertEquals(0, vm.redirectedOps(), vm.name() + " is on the coordinator: direct I/O");
      }
    }
    assertTrue(redirectedOfA > 0);
    assertEquals(redirectedOfA, r.nodes().stream().filter(n -> n.name().equals("node-b")).findFirst().orElseThrow().redirectServedOps(),
        "node-b served every redirected op of node-a");
    assertEquals(0, r.storage().maintenanceBytes(), "redirected access does no disk work");
  }

  @Test
  void chkdskFixPutsTheVolumeInMaintenanceModeAndStopsEveryVmUsingIt() {
    SimulationResult r = withoutBackups("chkdsk-fix");
    MaintenanceResult m = only(r);
    AccessPeriod mode = r.csvs().get(0).accessPeriods().stream().filter(p -> p.access() == Access.MAINTENANCE).findFirst().orElseThrow();
    assertEquals("node-b", mode.coordinator());
    assertEquals(2400, mode.to() - mode.from(), 0.01, "maintenance mode for the 40 minutes after the move");
    assertEquals(0, r.csvs().get(0).redirectedSeconds(), "nothing runs redirected: nothing runs");
    for (VmResult vm : r.vms()) {
      assertEquals(2400, vm.downtimeSeconds(), 0.01, vm.name() + " was stopped on either node");
      assertEquals(0, vm.redirectedSeconds(), vm.name());
    }
    SimulationResult without = run(SEED, "dpm.protection-groups = []");
    for (int v = 0; v < r.vms().size(); v++) {
      double iops = r.vms().get(v).opsIssued() / (4 * 3600.0 - 2400);
      assertEquals(without.vms().get(v).opsIssued() / (4 * 3600.0), iops, iops * 0.02, r.vms().get(v).name() + " issued nothing while stopped");
    }
    assertEquals(40e6 * 2400, r.storage().maintenanceBytes(), 1e6);
  }

  @Test
  void aChkdskBeforeTheBackupsHoldsThemOffAndTheWindowGrowsByWhatItStillHeld() {
    SimulationResult seed = run(SEED);
    SimulationResult r = run(COLLISION);
    MaintenanceResult chkdsk = only(r);
    assertEquals("chkdsk", chkdsk.kind());
    assertEquals(0, chkdsk.waitedSeconds(), 0.01, "the CSV was free at 20:45");
    // Software provider: a job holds the CSV from its prepare to its end; none inside the chkdsk.
    for (JobResult j : r.jobs()) {
      assertNotNull(j.preparedAt());
      assertTrue(j.preparedAt() >= chkdsk.to() || j.endedAt() <= chkdsk.from(), j.vm() + " ran during the chkdsk");
    }
    double heldIntoTheWindow = chkdsk.to() - NINE_PM;
    assertEquals(seed.backupWindowSeconds() + heldIntoTheWindow, r.backupWindowSeconds(), 30,
        "the window grows by what the chkdsk held after 21:00");
    double longestWait = r.jobs().stream().mapToDouble(j -> j.waitedFor().getOrDefault("csv-maintenance", 0.0)).max().orElseThrow();
    assertEquals(heldIntoTheWindow, longestWait, 1, "the first jobs waited for the chkdsk from 21:00 to its end");
    assertEquals(40e6 * 2400, r.storage().maintenanceBytes(), 40e6, "chkdsk read the array at its disk rate for 40 minutes");
    assertTrue(r.csvs().get(0).redirectedSeconds() > seed.csvs().get(0).redirectedSeconds() + 2399, "plus 40 minutes redirected");
  }

  @Test
  void theReportsShowTheMaintenance() {
    SimulationResult r = run(COLLISION);
    MaintenanceResult chkdsk = only(r);
    String html = io.csvsim.report.HtmlReport.render(r);
    assertEquals(1, html.split("class=\"maintenance-hold\"", -1).length - 1, "one strip on Volume1's access band");
    assertTrue(html.contains("Volume1: chkdsk from node-b, 40m02s (done)"), "its tooltip");
    String text = io.csvsim.report.TextReport.render(r);
    assertTrue(text.contains("MAINTENANCE"), text);
    assertTrue(text.lines().anyMatch(l -> l.contains("Volume1") && l.contains("chkdsk") && l.contains("node-b") && l.endsWith("done")), text);
    assertTrue(text.contains("csv-maintenance"), "why jobs waited");
    List<String> timeline = io.csvsim.report.TimelineCsv.render(r).lines().toList();
    int column = List.of(timeline.get(0).split(",")).indexOf("Volume1 maintenanceShare");
    assertTrue(column > 0, timeline.get(0));
    double minutes = timeline.stream().skip(1).mapToDouble(l -> l.split(",", -1)[column].isEmpty() ? 0 : Double.parseDouble(l.split(",", -1)[column])).sum();
    assertEquals((chkdsk.to() - chkdsk.from()) / 60, minutes, 0.01, "the share adds up to the hold, in one-minute buckets");
  }

  @Test
  void maintenanceAskedForDuringABackupWaitsWhenPatchedAndFailsWhenNot() {
    String during = "maintenance = [{ at = \"21:05\", csv = Volume1, node = node-b, kind = defrag, for = 20m }]";
    MaintenanceResult waited = only(run(SEED, during));
    assertEquals("done", waited.outcome());
    assertTrue(waited.waitedSeconds() > 60, "waited for the backups ahead of it: " + waited.waitedSeconds());
    MaintenanceResult refused = only(run(SEED, during, "scenario.patched = false"));
    assertEquals("refused", refused.outcome());
    assertNull(refused.from());
    assertTrue(refused.reason().startsWith("csv-in-backup: Volume1 is held by"), refused.reason());
  }

  @Test
  void unpatchedBackupsAskingDuringMaintenanceFailAndAreRetried() {
    SimulationResult r = run(COLLISION, "scenario.patched = false", "dpm.retry.delay = 30m");
    List<JobResult> refused = r.jobs().stream().filter(j -> j.reason().startsWith("csv-in-maintenance")).toList();
    assertFalse(refused.isEmpty(), "backups at 21:00 find the chkdsk holding the CSV");
    for (JobResult j : refused) {
      assertEquals(JobOutcome.FAILED, j.outcome());
      assertTrue(j.reason().contains("node-b's chkdsk"), j.reason());
    }
    assertTrue(r.jobs().stream().anyMatch(j -> j.attempt() > 1 && j.outcome() == JobOutcome.SUCCEEDED), "DPM retries them");
  }

  @Test
  void aNodeThatGoesDownEndsItsMaintenanceAndItsDiskWork() {
    SimulationResult r = run(COLLISION, "faults = [{ at = \"21:00\", kind = node-crash, node = node-b, for = 10m }]");
    MaintenanceResult m = only(r);
    assertEquals("interrupted", m.outcome());
    assertTrue(m.reason().startsWith("node-b went down"), m.reason());
    assertTrue(m.to() > NINE_PM && m.to() < NINE_PM + 120, "ended when the cluster detected the crash: " + m.to());
    double worked = (NINE_PM - (m.from() + 2)) * 40e6; // from the move's end to the crash
    assertEquals(worked, r.storage().maintenanceBytes(), 40e6, "the disk work stopped with the node");
  }

  @Test
  void aListEntrysKeyCanBeSetAlone() {
    ScenarioLoader loader = ScenarioLoader.withReference();
    var moved = loader.load(Path.of(COLLISION), List.of("maintenance.0.at=21:30"), null).maintenance().get(0);
    assertEquals(3600L * io.csvsim.scenario.Scenario.SECOND, moved.at(), "21:30 is an hour after the 20:30 start");
    assertEquals(40 * 60L * io.csvsim.scenario.Scenario.SECOND, moved.duration(), "the entry's other keys stay");
    assertEquals(moved, loader.load(Path.of(COLLISION), List.of("maintenance.[0].at=21:30"), null).maintenance().get(0));
    ScenarioException beyond = assertThrows(ScenarioException.class,
        () -> loader.load(Path.of(COLLISION), List.of("maintenance.1.at=21:30"), null));
    assertTrue(beyond.getMessage().contains("maintenance has 1 entry (numbered from 0)"), beyond.getMessage());
  }
}

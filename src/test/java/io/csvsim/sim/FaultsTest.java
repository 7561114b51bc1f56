package io.csvsim.sim;

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
    SimulationResult r = Simulations.run(testKit, ScenarioLoader.withReference().load(Path.of(file), List.of(overrides), null));
    assertTrue(r.invariantsHold(), r.invariantViolations().toString());
    return r;
  }

  static double longestRedirect(SimulationResult r) {
    return r.csvs().get(0).accessPeriods().stream().filter(p -> p.access().equals("redirected"))
        .mapToDouble(p -> p.to() - p.from()).max().orElse(0);
  }

  @Test
  void aRequesterThatDiesAfterPrepareLeavesTheCsvRedirectedUntilTheAutoClear() {
    SimulationResult r = run("conf/scenarios/requester-death.conf");
    JobResult failed = r.jobs().stream().filter(j -> j.outcome().equals("failed")).findFirst().orElseThrow();
    assertEquals("node-b", failed.node());
    assertTrue(failed.reason().startsWith("requester-death"));
    assertTrue(r.jobs().stream().anyMatch(j -> j.vm().equals(failed.vm()) && j.attempt() == 2 && j.outcome().equals("succeeded")),
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
        .filter(p -> p.access().equals("redirected") && p.from() <= 2500 && p.to() > 2500).findFirst().orElseThrow();
    assertEquals(2700, stuck.to(), 1.0, "the stuck period ends at the operator's clear");
  }

  @Test
  void aFailedSnapshotFailsTheJobReleasesTheCsvAndIsRetried() {
    SimulationResult r = run("conf/scenarios/seed-two-node.conf", "faults = [{ at = \"21:00\", kind = snapshot-failure, node = node-a }]");
    JobResult failed = r.jobs().stream().filter(j -> j.outcome().equals("failed")).findFirst().orElseThrow();
    assertEquals("node-a", failed.node());
    assertTrue(failed.reason().startsWith("snapshot-failure"));
    assertNull(failed.snapshotAt(), "no snapshot was taken");
    assertTrue(r.jobs().stream().anyMatch(j -> j.vm().equals(failed.vm()) && j.attempt() == 2 && j.outcome().equals("succeeded")));
    assertTrue(longestRedirect(r) < 600, "the agent released the CSV at once");
    assertEquals(0, r.dpm().cancelled());
  }
}

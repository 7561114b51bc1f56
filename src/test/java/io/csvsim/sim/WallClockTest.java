package io.csvsim.sim;

import io.csvsim.result.SimulationResult.JobOutcome;
import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same model on the wall clock: paced by real time, same order and result as virtual time. */
@ExtendWith(LogCapturingExtension.class)
class WallClockTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void aWallClockRunFinishesTheBackupsAndLosesNothing() throws Exception {
    // 20 simulated minutes at 1,200x: about one wall second.
    Scenario scenario = TestScenarios.explicit(2, 1, 2, "scenario.start-time = \"20:59\"", "scenario.duration = 20m",
        "dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"] }]", "cluster.vm-defaults.size = 10GiB");
    TestProbe<SimulationResult> probe = testKit.createTestProbe();
    ActorRef<ClusterSimulation.Command> sim = testKit.spawn(ClusterSimulation.create(scenario, SimulationSettings.wall(1200)));
    sim.tell(new ClusterSimulation.Start(probe.ref()));
    SimulationResult result = probe.receiveMessage(Duration.ofMinutes(1));
    assertEquals("wall", result.clock());
    assertTrue(result.invariantsHold(), result.invariantViolations().toString());
    assertEquals(2, result.jobs().stream().filter(j -> j.outcome() == JobOutcome.SUCCEEDED).count());
    assertTrue(result.vms().stream().allMatch(v -> v.opsIssued() > 0));
    SimulationResult virtual = Simulations.run(testKit, scenario);
    assertEquals(DeterminismTest.summary(virtual), DeterminismTest.summary(result), "pacing changes nothing but the pace");
  }
}

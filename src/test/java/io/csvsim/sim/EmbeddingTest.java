package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A host Pekko app that runs two simulations side by side as its own children. */
@ExtendWith(LogCapturingExtension.class)
class EmbeddingTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  record Finished(String name, SimulationResult result) {}

  /** The host app's guardian: spawns both simulations, starts them and reports their results. */
  static Behavior<Finished> hostApp(Map<String, Scenario> scenarios, ActorRef<Map<String, SimulationResult>> report) {
    return Behaviors.setup(ctx -> {
      Map<String, SimulationResult> results = new HashMap<>();
      // One adapter per message class and actor: results are told apart by their scenario's name.
      ActorRef<SimulationResult> replies = ctx.messageAdapter(SimulationResult.class, r -> new Finished(r.scenario(), r));
      for (Map.Entry<String, Scenario> entry : scenarios.entrySet()) {
        ActorRef<ClusterSimulation.Command> sim =
            ctx.spawn(ClusterSimulation.create(entry.getValue(), SimulationSettings.virtual()), "sim-" + entry.getKey());
        sim.tell(new ClusterSimulation.Start(replies));
      }
      return Behaviors.receive(Finished.class).onMessage(Finished.class, f -> {
        results.put(f.name(), f.result());
        if (results.size() == scenarios.size()) report.tell(Map.copyOf(results));
        return Behaviors.same();
      }).build();
    });
  }

  @Test
  void twoSimulationsInOneActorSystemDoNotDisturbEachOther() throws Exception {
    String[] nightly = BackupBehaviourTest.NIGHTLY;
    Scenario software = TestScenarios.explicit(2, 1, 4, BackupBehaviourTest.with(nightly, "vss.provider = software", "scenario.name = software"));
    Scenario hardware = TestScenarios.explicit(3, 2, 6, BackupBehaviourTest.with(nightly, "vss.provider = hardware", "scenario.name = hardware"));
    TestProbe<Map<String, SimulationResult>> probe = testKit.createTestProbe();
    testKit.spawn(hostApp(Map.of("software", software, "hardware", hardware), probe.ref()), "host-app");
    Map<String, SimulationResult> together = probe.receiveMessage(Duration.ofMinutes(2));
    assertEquals(DeterminismTest.summary(Simulations.run(testKit, software)), DeterminismTest.summary(together.get("software")));
    assertEquals(DeterminismTest.summary(Simulations.run(testKit, hardware)), DeterminismTest.summary(together.get("hardware")));
    assertTrue(together.get("software").invariantsHold());
    assertTrue(together.get("hardware").invariantsHold());
  }

  @Test
  void statusReportsProgressAndTheEnd() {
    Scenario scenario = TestScenarios.explicit(2, 1, 2, BackupBehaviourTest.NIGHTLY);
    ActorRef<ClusterSimulation.Command> sim = testKit.spawn(ClusterSimulation.create(scenario, SimulationSettings.virtual()));
    TestProbe<ClusterSimulation.Status> status = testKit.createTestProbe();
    sim.tell(new ClusterSimulation.GetStatus(status.ref()));
    ClusterSimulation.Status before = status.receiveMessage();
    assertFalse(before.finished());
    assertEquals(0, before.simulatedSeconds());
    TestProbe<SimulationResult> result = testKit.createTestProbe();
    sim.tell(new ClusterSimulation.Start(result.ref()));
    result.receiveMessage(Duration.ofMinutes(1));
    sim.tell(new ClusterSimulation.GetStatus(status.ref()));
    ClusterSimulation.Status after = status.receiveMessage();
    assertTrue(after.finished());
    assertEquals(after.durationSeconds(), after.simulatedSeconds(), 1.0);
    assertTrue(after.modelMessages() > 0);
  }
}

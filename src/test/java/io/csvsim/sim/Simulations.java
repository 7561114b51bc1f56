package io.csvsim.sim;

import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** Runs whole scenarios in virtual time inside a test kit. */
public final class Simulations {
  private Simulations() {}

  public static SimulationResult run(ActorTestKit kit, Scenario scenario) {
    TestProbe<SimulationResult> probe = kit.createTestProbe(SimulationResult.class);
    ActorRef<ClusterSimulation.Command> sim = kit.spawn(ClusterSimulation.create(scenario, SimulationSettings.virtual()));
    sim.tell(new ClusterSimulation.Start(probe.ref()));
    // A guard against a hang, not a speed assertion: virtual time runs as fast as it can.
    return probe.receiveMessage(Duration.ofMinutes(3));
  }

  /** Runs a scenario file with key=value overrides; every invariant must hold. */
  public static SimulationResult runChecked(ActorTestKit kit, String file, String... overrides) {
    SimulationResult r = run(kit, io.csvsim.scenario.ScenarioLoader.withReference().load(java.nio.file.Path.of(file), java.util.List.of(overrides), null));
    org.junit.jupiter.api.Assertions.assertTrue(r.invariantsHold(), r.invariantViolations().toString());
    return r;
  }

  /** Runs the scenarios side by side in the one ActorSystem, each on its own clock; results in order. */
  public static java.util.List<SimulationResult> runAll(ActorTestKit kit, java.util.List<Scenario> scenarios) {
    // Spawn every simulation (and probe) before starting any: the test kit's spawn is an ask with a short
    // timeout, and simulations already running hold both cores (CI timed out there once).
    java.util.List<TestProbe<SimulationResult>> probes = new java.util.ArrayList<>();
    java.util.List<ActorRef<ClusterSimulation.Command>> sims = new java.util.ArrayList<>();
    for (Scenario scenario : scenarios) {
      probes.add(kit.createTestProbe(SimulationResult.class));
      sims.add(kit.spawn(ClusterSimulation.create(scenario, SimulationSettings.virtual())));
    }
    for (int i = 0; i < sims.size(); i++) sims.get(i).tell(new ClusterSimulation.Start(probes.get(i).ref()));
    java.util.List<SimulationResult> results = new java.util.ArrayList<>();
    for (TestProbe<SimulationResult> probe : probes) results.add(probe.receiveMessage(Duration.ofMinutes(5)));
    return results;
  }
}

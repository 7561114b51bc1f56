package example;

import io.csvsim.report.TextReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.ClusterSimulation;
import io.csvsim.sim.SimulationSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A Pekko app that embeds csvsim: it runs the seed scenario with the hardware VSS provider and
 * prints the report an administrator reads. Only csvsim's public API, in a package of its own;
 * the README quotes it and a test runs it, in this build and from a separate Maven project.
 */
public final class SeedBackupApp {
  private SeedBackupApp() {}

  // README: begin
  /** The app's guardian: one simulation as its child; the app ends with the result. */
  static Behavior<SimulationResult> guardian(Scenario scenario, CompletableFuture<SimulationResult> done) {
    return Behaviors.setup(ctx -> {
      // csvsim.simulation from the app's config (reference.conf: the virtual clock).
      SimulationSettings settings = SimulationSettings.create(ctx.getSystem());
      ActorRef<ClusterSimulation.Command> sim = ctx.spawn(ClusterSimulation.create(scenario, settings), "seed");
      sim.tell(new ClusterSimulation.Start(ctx.getSelf()));
      return Behaviors.receiveMessage(result -> {
        done.complete(result);
        return Behaviors.stopped();
      });
    });
  }

  public static SimulationResult run(Path scenarioFile) throws Exception {
    Scenario scenario = ScenarioLoader.withReference().load(scenarioFile, List.of("vss.provider=hardware"), null);
    CompletableFuture<SimulationResult> done = new CompletableFuture<>();
    ActorSystem<SimulationResult> system = ActorSystem.create(guardian(scenario, done), "seed-backup");
    try {
      return done.get(10, TimeUnit.MINUTES);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }

  public static void main(String[] args) throws Exception {
    SimulationResult result = run(Path.of(args.length > 0 ? args[0] : "conf/scenarios/seed-two-node.conf"));
    System.out.print(TextReport.render(result));
  }
  // README: end
}

package io.csvsim.cli;

import com.typesafe.config.Config;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.sim.ClusterSimulation;
import io.csvsim.sim.SimulationSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs simulations as children of one guardian, each on its own clock, and hands back their
 * results in input order. At most two per core run at once (side by side they keep the cores busy
 * across each run's instants; more only hold memory: a large cluster's run holds hundreds of MiB);
 * each result starts the next. The guardian watches them: a simulation that fails or stops without
 * a result ends the whole run with its reason, as a Pekko parent learns it.
 */
final class SimulationRunner {
  private SimulationRunner() {}

  static final int MAX_AT_ONCE = 2 * Runtime.getRuntime().availableProcessors();

  static List<SimulationResult> runAll(List<Scenario> scenarios, SimulationSettings settings, Config config, String systemName,
      PrintWriter progressTo) {
    CompletableFuture<List<SimulationResult>> done = new CompletableFuture<>();
    List<ActorRef<ClusterSimulation.Command>> sims = new CopyOnWriteArrayList<>();
    Behavior<SimulationResult> guardian = Behaviors.setup(ctx -> {
      SimulationResult[] results = new SimulationResult[scenarios.size()];
      int[] remaining = {scenarios.size()};
      int[] started = {0};
      Runnable startNext = () -> {
        int i = started[0]++;
        ActorRef<ClusterSimulation.Command> sim = ctx.spawn(ClusterSimulation.create(scenarios.get(i), settings), "sim-" + i);
        ctx.watch(sim);
        sim.tell(new ClusterSimulation.Start(ctx.getSelf()));
        sims.add(sim);
      };
      while (started[0] < Math.min(scenarios.size(), MAX_AT_ONCE)) startNext.run();
      return Behaviors.receive(SimulationResult.class)
          .onMessage(SimulationResult.class, r -> {
            results[indexOf(scenarios, r, results)] = r;
            if (--remaining[0] == 0) done.complete(List.of(results));
            else if (started[0] < scenarios.size()) startNext.run();
            return Behaviors.same();
          })
          .onSignal(ChildFailed.class, failed -> {
            done.completeExceptionally(failed.getCause());
            return Behaviors.stopped();
          })
          .onSignal(Terminated.class, stopped -> {
            done.completeExceptionally(new IllegalStateException(
                "the simulation stopped without a result; the log above says why"));
            return Behaviors.stopped();
          })
          .build();
    });
    ActorSystem<SimulationResult> system = ActorSystem.create(guardian, systemName, config);
    try (Progress bar = new Progress(progressTo != null, progressTo, () -> List.copyOf(sims), system.scheduler())) {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get();
      } catch (InterruptedException | ExecutionException ignored) {
        // the JVM exits next anyway
      }
    }
  }

  /** The first scenario of that name and seed without a result yet (replications share a name, variants may). */
  private static int indexOf(List<Scenario> scenarios, SimulationResult r, SimulationResult[] results) {
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      if (results[i] == null && s.name().equals(r.scenario()) && s.seed() == r.seed()) return i;
    }
    throw new IllegalStateException("a result for an unknown scenario " + r.scenario() + " (seed " + r.seed() + ")");
  }
}

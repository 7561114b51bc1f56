package io.csvsim.sweep;

import io.csvsim.report.ComparisonReport.Row;
import io.csvsim.plan.RunFigures;
import io.csvsim.report.HtmlReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.sim.ClusterSimulation;
import io.csvsim.sim.SimulationSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One worker slot: finds the sweep's coordinator through the Receptionist, asks it for a unit,
 * runs that unit's simulation as its child, sends back the row a comparison needs, and asks
 * again, until it is told there is no more or the coordinator is gone; then it stops.
 */
public final class SweepWorker {
  private SweepWorker() {}

  public interface Command {}

  public record Assign(SweepUnit unit) implements Command, SweepMessage {}

  public enum NoMoreUnits implements Command, SweepMessage { INSTANCE }

  private record Listed(Receptionist.Listing listing) implements Command {}

  private record Simulated(SimulationResult result) implements Command {}

  public static Behavior<Command> create(SimulationSettings settings) {
    return Behaviors.setup(ctx -> {
      ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, Listed::new);
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(SweepCoordinator.KEY, listings));
      return new Slot(ctx, settings).looking();
    });
  }

  private static final class Slot {
    private final ActorContext<Command> ctx;
    private final SimulationSettings settings;
    private ActorRef<SweepCoordinator.Command> coordinator;
    private SweepUnit unit;
    private ActorRef<ClusterSimulation.Command> sim;
    private Scenario scenario;
    private int runs;

    Slot(ActorContext<Command> ctx, SimulationSettings settings) {
      this.ctx = ctx;
      this.settings = settings;
    }

    Behavior<Command> looking() {
      return Behaviors.receive(Command.class)
          .onMessage(Listed.class, l -> {
            var found = l.listing().getServiceInstances(SweepCoordinator.KEY);
            if (coordinator != null || found.isEmpty()) return Behaviors.same();
            coordinator = found.iterator().next();
            ctx.watch(coordinator); // a coordinator that is gone answers no more requests
            coordinator.tell(new SweepCoordinator.RequestUnit(ctx.getSelf()));
            return working();
          })
          .onMessage(NoMoreUnits.class, n -> Behaviors.stopped())
          .build();
    }

    Behavior<Command> working() {
      return Behaviors.receive(Command.class)
          .onMessage(Listed.class, l -> Behaviors.same())
          .onMessage(Assign.class, a -> {
            unit = a.unit();
            scenario = unit.scenario();
            sim = ctx.spawn(ClusterSimulation.create(scenario, settings), "unit-" + unit.index() + "-" + runs++);
            ctx.watch(sim);
            sim.tell(new ClusterSimulation.Start(ctx.messageAdapter(SimulationResult.class, Simulated::new)));
            return Behaviors.same();
          })
          .onMessage(Simulated.class, s -> {
            SweepUnit done = unit;
            unit = null;
            Scenario scenario = this.scenario;
            this.scenario = null;
            ctx.stop(sim); // its result is in the row; free what it holds
            boolean plan = done.answer() == SweepUnit.Answer.ROW_AND_PLAN_FIGURES;
            coordinator.tell(new SweepCoordinator.UnitDone(done.index(), Row.of(done.variant(), done.settings(), s.result()),
                plan ? null : RunReport.of(HtmlReport.render(s.result())), plan ? RunFigures.of(scenario, s.result()) : null, ctx.getSelf()));
            coordinator.tell(new SweepCoordinator.RequestUnit(ctx.getSelf()));
            return Behaviors.same();
          })
          .onMessage(NoMoreUnits.class, n -> Behaviors.stopped())
          // A stopped simulation's signal may come after the next unit started: only the current one counts.
          .onSignal(Terminated.class, t -> t.getRef().equals(coordinator), t -> Behaviors.stopped())
          .onSignal(ChildFailed.class, f -> f.getRef().equals(sim) ? failed(f.getCause().getMessage()) : Behaviors.same())
          .onSignal(Terminated.class, t -> t.getRef().equals(sim) && unit != null ? failed("the simulation stopped without a result")
              : Behaviors.same())
          .build();
    }

    private Behavior<Command> failed(String reason) {
      if (unit != null) {
        coordinator.tell(new SweepCoordinator.UnitFailed(unit.index(), reason, ctx.getSelf()));
        unit = null;
        coordinator.tell(new SweepCoordinator.RequestUnit(ctx.getSelf()));
      }
      return Behaviors.same();
    }
  }
}

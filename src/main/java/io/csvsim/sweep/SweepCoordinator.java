package io.csvsim.sweep;

import io.csvsim.report.ComparisonReport.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Hands a sweep's units to worker slots that ask for them, one at a time (pull), wherever the
 * slots run. It watches each slot holding a unit: a slot that dies, or whose member leaves or is
 * downed, gives its unit back to the queue. The first result per unit counts; a unit whose
 * simulation fails is reported, not retried. When every unit has an answer it tells the waiting
 * slots there is no more and reports the rows in unit order.
 */
public final class SweepCoordinator {
  private SweepCoordinator() {}

  /** Where worker slots find the coordinator. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "csvsim-sweep");

  public interface Command {}

  /** A slot is free: give it a unit, or tell it there is none left. */
  public record RequestUnit(ActorRef<SweepWorker.Command> slot) implements Command, SweepMessage {}

  /** A unit's answer: its row and its report.html (null when too large to send). */
  public record UnitDone(int index, Row row, RunReport report, ActorRef<SweepWorker.Command> slot) implements Command, SweepMessage {}

  public record UnitFailed(int index, String reason, ActorRef<SweepWorker.Command> slot) implements Command, SweepMessage {}

  private record SlotGone(ActorRef<SweepWorker.Command> slot) implements Command {}

  /** Asks how far the sweep is. */
  public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

  /** Units answered, in flight per slot's path, and slots lost so far. */
  public record Progress(int done, int total, Map<String, Integer> runningPerMember, int slotsLost) {}

  /**
   * The sweep's answer: a row and a report per unit in unit order (null where it failed, or where
   * the report was too large to send) and the failures by unit.
   */
  public record Finished(List<Row> rows, List<RunReport> reports, Map<Integer, String> failures) {}

  public static Behavior<Command> create(List<SweepUnit> units, ActorRef<Finished> replyTo) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new State(ctx, units, replyTo).behavior();
    });
  }

  private static final class State {
    private final ActorContext<Command> ctx;
    private final List<SweepUnit> units;
    private final ActorRef<Finished> replyTo;
    private final Deque<Integer> queue = new ArrayDeque<>();
    private final Map<ActorRef<SweepWorker.Command>, Integer> inFlight = new HashMap<>();
    private final Set<ActorRef<SweepWorker.Command>> waiting = new LinkedHashSet<>();
    private final Row[] rows;
    private final RunReport[] reports;
    private final Map<Integer, String> failures = new TreeMap<>();
    private int answered;
    private int slotsLost;

    State(ActorContext<Command> ctx, List<SweepUnit> units, ActorRef<Finished> replyTo) {
      this.ctx = ctx;
      this.units = List.copyOf(units);
      this.replyTo = replyTo;
      this.rows = new Row[units.size()];
      this.reports = new RunReport[units.size()];
      for (int i = 0; i < units.size(); i++) queue.add(i);
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(RequestUnit.class, r -> {
            hand(r.slot());
            return Behaviors.same();
          })
          .onMessage(UnitDone.class, d -> {
            if (rows[d.index()] == null && !failures.containsKey(d.index())) {
              rows[d.index()] = d.row();
              reports[d.index()] = d.report();
              answered++;
            }
            freed(d.slot(), d.index());
            return next();
          })
          .onMessage(UnitFailed.class, f -> {
            if (rows[f.index()] == null && !failures.containsKey(f.index())) {
              failures.put(f.index(), f.reason());
              answered++;
            }
            freed(f.slot(), f.index());
            return next();
          })
          .onMessage(SlotGone.class, g -> {
            waiting.remove(g.slot());
            Integer unit = inFlight.remove(g.slot());
            if (unit != null) {
              slotsLost++;
              queue.addFirst(unit); // handed out again, ahead of the rest
              ctx.getLog().warn("a worker slot left with unit {}; it goes to the next free slot", unit);
              for (ActorRef<SweepWorker.Command> free : List.copyOf(waiting)) {
                if (queue.isEmpty()) break;
                waiting.remove(free);
                hand(free);
              }
            }
            return Behaviors.same();
          })
          .onMessage(GetProgress.class, p -> {
            Map<String, Integer> perMember = new TreeMap<>();
            inFlight.keySet().forEach(slot -> perMember.merge(slot.path().address().toString(), 1, Integer::sum));
            p.replyTo().tell(new Progress(answered, units.size(), perMember, slotsLost));
            return Behaviors.same();
          })
          .build();
    }

    private void hand(ActorRef<SweepWorker.Command> slot) {
      if (inFlight.containsKey(slot)) return; // asked twice: it already has one
      Integer unit = queue.poll();
      if (unit == null) {
        if (answered == units.size()) slot.tell(SweepWorker.NoMoreUnits.INSTANCE);
        else waiting.add(slot); // a unit in flight elsewhere may come back
        return;
      }
      inFlight.put(slot, unit);
      ctx.watchWith(slot, new SlotGone(slot));
      slot.tell(new SweepWorker.Assign(units.get(unit)));
    }

    private void freed(ActorRef<SweepWorker.Command> slot, int index) {
      Integer unit = inFlight.get(slot);
      if (unit != null && unit == index) {
        inFlight.remove(slot);
        ctx.unwatch(slot);
      }
    }

    private Behavior<Command> next() {
      if (answered < units.size()) return Behaviors.same();
      for (ActorRef<SweepWorker.Command> slot : waiting) slot.tell(SweepWorker.NoMoreUnits.INSTANCE);
      waiting.clear();
      replyTo.tell(new Finished(java.util.Collections.unmodifiableList(java.util.Arrays.asList(rows.clone())),
          java.util.Collections.unmodifiableList(java.util.Arrays.asList(reports.clone())), Map.copyOf(failures)));
      return Behaviors.same(); // slots still asking are told there is no more
    }
  }
}

package io.csvsim.sweep;

import io.csvsim.plan.RunFigures;
import io.csvsim.report.ComparisonReport.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
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
 * simulation fails is reported, not retried. Units come in batches, each answered in its own
 * order when its last unit is; a comparison is one batch, a plan one per round of its search
 * ({@link #open()}, {@link Submit}, {@link Close}). Slots are told there is no more once the
 * sweep is closed and every unit has an answer.
 */
public final class SweepCoordinator {
  private SweepCoordinator() {}

  /** Where worker slots find the coordinator. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "csvsim-sweep");

  public interface Command {}

  /** A slot is free: give it a unit, or tell it there is none left. */
  public record RequestUnit(ActorRef<SweepWorker.Command> slot) implements Command, SweepMessage {}

  /** A unit's answer: its row, and its report.html (null when too large to send) or the planner's figures, as the unit asked. */
  public record UnitDone(int index, Row row, RunReport report, RunFigures figures, ActorRef<SweepWorker.Command> slot)
      implements Command, SweepMessage {}

  public record UnitFailed(int index, String reason, ActorRef<SweepWorker.Command> slot) implements Command, SweepMessage {}

  /** More units to hand out (their indices new to this sweep); the batch's answer goes to {@code replyTo}. */
  public record Submit(List<SweepUnit> units, ActorRef<Finished> replyTo) implements Command {}

  /** No batch will follow: once every unit has an answer, the slots stop. */
  public enum Close implements Command { INSTANCE }

  private record SlotGone(ActorRef<SweepWorker.Command> slot) implements Command {}

  /** Asks how far the sweep is. */
  public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

  /** Units answered, in flight per slot's path, and slots lost so far. */
  public record Progress(int done, int total, Map<String, Integer> runningPerMember, int slotsLost) {}

  /**
   * A batch's answer, in its units' order: a row, a report and figures per unit (null where it
   * failed, where the report was too large to send, or where the unit did not ask for it) and the
   * failures by unit index.
   */
  public record Finished(List<Row> rows, List<RunReport> reports, List<RunFigures> figures, Map<Integer, String> failures) {}

  /** A sweep of one batch, closed: a comparison. */
  public static Behavior<Command> create(List<SweepUnit> units, ActorRef<Finished> replyTo) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      State state = new State(ctx);
      state.submit(units, replyTo);
      state.closed = true;
      return state.behavior();
    });
  }

  /** A sweep that takes batches until it is closed. */
  public static Behavior<Command> open() {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new State(ctx).behavior();
    });
  }

  private static final class Batch {
    final List<Integer> indices;
    final ActorRef<Finished> replyTo;
    int unanswered;

    Batch(List<Integer> indices, ActorRef<Finished> replyTo) {
      this.indices = indices;
      this.replyTo = replyTo;
      this.unanswered = indices.size();
    }
  }

  private static final class State {
    private final ActorContext<Command> ctx;
    private final Map<Integer, SweepUnit> units = new HashMap<>();
    private final Map<Integer, Batch> batchOf = new HashMap<>();
    private final Deque<Integer> queue = new ArrayDeque<>();
    private final Map<ActorRef<SweepWorker.Command>, Integer> inFlight = new HashMap<>();
    private final Set<ActorRef<SweepWorker.Command>> waiting = new LinkedHashSet<>();
    private final Map<Integer, UnitDone> done = new HashMap<>();
    private final Map<Integer, String> failures = new HashMap<>();
    private boolean closed;
    private int slotsLost;

    State(ActorContext<Command> ctx) {
      this.ctx = ctx;
    }

    void submit(List<SweepUnit> batch, ActorRef<Finished> replyTo) {
      List<Integer> indices = new ArrayList<>();
      for (SweepUnit unit : batch) {
        if (units.containsKey(unit.index())) throw new IllegalArgumentException("unit " + unit.index() + " was submitted before");
        indices.add(unit.index());
      }
      Batch b = new Batch(List.copyOf(indices), replyTo);
      for (SweepUnit unit : batch) {
        units.put(unit.index(), unit);
        batchOf.put(unit.index(), b);
        queue.add(unit.index());
      }
      if (batch.isEmpty()) finish(b);
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(RequestUnit.class, r -> {
            hand(r.slot());
            return Behaviors.same();
          })
          .onMessage(Submit.class, sub -> {
            if (closed) throw new IllegalStateException("a batch after the sweep was closed");
            submit(sub.units(), sub.replyTo());
            handToWaiting();
            return Behaviors.same();
          })
          .onMessage(Close.class, c -> {
            closed = true;
            if (allAnswered()) noMore();
            return Behaviors.same();
          })
          .onMessage(UnitDone.class, d -> {
            if (firstAnswer(d.index())) done.put(d.index(), d);
            freed(d.slot(), d.index());
            return answeredOne(d.index());
          })
          .onMessage(UnitFailed.class, f -> {
            if (firstAnswer(f.index())) failures.put(f.index(), f.reason());
            freed(f.slot(), f.index());
            return answeredOne(f.index());
          })
          .onMessage(SlotGone.class, g -> {
            waiting.remove(g.slot());
            Integer unit = inFlight.remove(g.slot());
            if (unit != null) {
              slotsLost++;
              queue.addFirst(unit); // handed out again, ahead of the rest
              ctx.getLog().warn("a worker slot left with unit {}; it goes to the next free slot", unit);
              handToWaiting();
            }
            return Behaviors.same();
          })
          .onMessage(GetProgress.class, p -> {
            Map<String, Integer> perMember = new TreeMap<>();
            inFlight.keySet().forEach(slot -> perMember.merge(slot.path().address().toString(), 1, Integer::sum));
            p.replyTo().tell(new Progress(units.size() - batchOf.size(), units.size(), perMember, slotsLost));
            return Behaviors.same();
          })
          .build();
    }

    /** Every unit submitted so far has an answer: a unit leaves {@code batchOf} with its first. */
    private boolean allAnswered() {
      return batchOf.isEmpty();
    }

    /** True once per unit: a unit handed out twice (its slot was thought lost) may answer twice. */
    private boolean firstAnswer(int index) {
      return batchOf.containsKey(index);
    }

    private void hand(ActorRef<SweepWorker.Command> slot) {
      if (inFlight.containsKey(slot)) return; // asked twice: it already has one
      Integer unit = queue.poll();
      if (unit == null) {
        if (closed && allAnswered()) slot.tell(SweepWorker.NoMoreUnits.INSTANCE);
        else waiting.add(slot); // a unit in flight elsewhere may come back, or a batch may follow
        return;
      }
      inFlight.put(slot, unit);
      ctx.watchWith(slot, new SlotGone(slot));
      slot.tell(new SweepWorker.Assign(units.get(unit)));
    }

    private void handToWaiting() {
      for (ActorRef<SweepWorker.Command> free : List.copyOf(waiting)) {
        if (queue.isEmpty()) break;
        waiting.remove(free);
        hand(free);
      }
    }

    private void freed(ActorRef<SweepWorker.Command> slot, int index) {
      Integer unit = inFlight.get(slot);
      if (unit != null && unit == index) {
        inFlight.remove(slot);
        ctx.unwatch(slot);
      }
    }

    private Behavior<Command> answeredOne(int index) {
      Batch b = batchOf.remove(index); // gone after the first answer, so a second one counts nowhere
      if (b == null) return Behaviors.same();
      if (--b.unanswered == 0) finish(b);
      if (closed && allAnswered()) noMore();
      return Behaviors.same(); // slots still asking are told there is no more
    }

    private void finish(Batch b) {
      List<Row> rows = new ArrayList<>();
      List<RunReport> reports = new ArrayList<>();
      List<RunFigures> figures = new ArrayList<>();
      Map<Integer, String> failed = new TreeMap<>();
      for (int index : b.indices) {
        UnitDone d = done.remove(index); // answered: the batch's reply holds it now
        rows.add(d == null ? null : d.row());
        reports.add(d == null ? null : d.report());
        figures.add(d == null ? null : d.figures());
        String failure = failures.remove(index);
        if (failure != null) failed.put(index, failure);
      }
      b.replyTo.tell(new Finished(Collections.unmodifiableList(rows), Collections.unmodifiableList(reports),
          Collections.unmodifiableList(figures), Collections.unmodifiableMap(failed)));
    }

    private void noMore() {
      for (ActorRef<SweepWorker.Command> slot : waiting) slot.tell(SweepWorker.NoMoreUnits.INSTANCE);
      waiting.clear();
    }
  }
}

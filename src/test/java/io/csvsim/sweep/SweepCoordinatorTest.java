package io.csvsim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.csvsim.plan.RunFigures;
import io.csvsim.report.ComparisonReport.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A plan's sweep: batch after batch on the same slots, each answered in its own order, and the slots released only when it closes. */
class SweepCoordinatorTest {

  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    kit.shutdownTestKit();
  }

  private static SweepUnit unit(int index) {
    return new SweepUnit(index, "c" + index, Map.of(), "{}", "s.conf", List.of(), (long) index, SweepUnit.Answer.ROW_AND_PLAN_FIGURES);
  }

  private static RunFigures figures(double lastJobEnd) {
    return new RunFigures(lastJobEnd, true, 0, 0, 0, 0, null, 0, 0, 0, "-", 0, "-", 0);
  }

  private static int assigned(TestProbe<SweepWorker.Command> slot) {
    return slot.expectMessageClass(SweepWorker.Assign.class).unit().index();
  }

  /**
   * Once the coordinator answers this, it has handled everything sent before, and (one JVM, tells
   * enqueue at once) whatever it sent a slot is in that slot's probe: absence is checked without waiting.
   */
  private static void settled(ActorRef<SweepCoordinator.Command> sweep) {
    TestProbe<SweepCoordinator.Progress> progress = kit.createTestProbe();
    sweep.tell(new SweepCoordinator.GetProgress(progress.ref()));
    progress.receiveMessage();
  }

  @Test
  void batchesRunOnTheSameSlotsAndTheSlotsStopOnlyWhenTheSweepCloses() {
    ActorRef<SweepCoordinator.Command> sweep = kit.spawn(SweepCoordinator.open());
    TestProbe<SweepWorker.Command> a = kit.createTestProbe();
    TestProbe<SweepWorker.Command> b = kit.createTestProbe();
    sweep.tell(new SweepCoordinator.RequestUnit(a.ref()));
    sweep.tell(new SweepCoordinator.RequestUnit(b.ref()));
    settled(sweep);
    a.expectNoMessage(Duration.ZERO); // nothing to do yet, and no "no more": a batch may come

    TestProbe<SweepCoordinator.Finished> first = kit.createTestProbe();
    sweep.tell(new SweepCoordinator.Submit(List.of(unit(0), unit(1), unit(2)), first.ref()));
    int ofA = assigned(a);
    int ofB = assigned(b);
    // Answered out of order: the batch still comes back in its units' order.
    sweep.tell(new SweepCoordinator.UnitDone(ofB, null, null, figures(ofB), b.ref()));
    sweep.tell(new SweepCoordinator.RequestUnit(b.ref()));
    int third = assigned(b);
    sweep.tell(new SweepCoordinator.UnitFailed(third, "model actor failed", b.ref()));
    sweep.tell(new SweepCoordinator.RequestUnit(b.ref()));
    sweep.tell(new SweepCoordinator.UnitDone(ofA, null, null, figures(ofA), a.ref()));
    sweep.tell(new SweepCoordinator.RequestUnit(a.ref()));
    SweepCoordinator.Finished answer = first.receiveMessage();
    for (int i = 0; i < 3; i++) {
      if (i == third) assertNull(answer.figures().get(i));
      else assertEquals(i, answer.figures().get(i).lastJobEndedAt(), "unit " + i);
    }
    assertEquals(Map.of(third, "model actor failed"), answer.failures());
    settled(sweep);
    b.expectNoMessage(Duration.ZERO);

    TestProbe<SweepCoordinator.Finished> second = kit.createTestProbe();
    sweep.tell(new SweepCoordinator.Submit(List.of(unit(3)), second.ref()));
    assertEquals(3, assigned(b), "the slot waiting longest");
    TestProbe<SweepWorker.Command> holder = b;
    sweep.tell(new SweepCoordinator.UnitDone(3, new Row("c3", Map.of(), "2008r2", "", 1.0, true, 0, 0, null, 0, 0, 0, true), null, figures(3), holder.ref()));
    sweep.tell(new SweepCoordinator.UnitDone(3, null, null, figures(99), holder.ref())); // a duplicate counts nowhere
    assertEquals(3.0, second.receiveMessage().figures().get(0).lastJobEndedAt());

    sweep.tell(new SweepCoordinator.RequestUnit(holder.ref()));
    sweep.tell(SweepCoordinator.Close.INSTANCE);
    a.expectMessage(SweepWorker.NoMoreUnits.INSTANCE);
    b.expectMessage(SweepWorker.NoMoreUnits.INSTANCE);
  }
}

package io.csvsim.internal.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The wall clock on a wall time the test moves: an instant is released only once its wall time has come. */
class WallClockPacingTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  record Timer(long nanos, Runnable action) {}

  @Test
  void eachInstantWaitsForItsWallTimeAtTheGivenSpeed() throws Exception {
    AtomicLong wall = new AtomicLong(5_000_000_000L); // wherever the machine's nano time happens to be
    ConcurrentLinkedQueue<Timer> timers = new ConcurrentLinkedQueue<>();
    CountDownLatch finished = new CountDownLatch(1);
    // 60x: a simulated minute per wall second.
    WallClock clock = new WallClock(wall::get, (nanos, action) -> timers.add(new Timer(nanos, action)), 60, 120_000_000, finished::countDown);
    ConcurrentLinkedQueue<Long> handledAt = new ConcurrentLinkedQueue<>();
    ActorRef<String> vm = testKit.spawn(clock.instrument(Behaviors.receive(String.class).onMessage(String.class, s -> {
      handledAt.add(clock.now());
      return Behaviors.same();
    }).build()));
    SimClock.Sender out = clock.sender("test");
    out.tell(vm, "at 30 s", 30_000_000);
    out.tell(vm, "at 90 s", 90_000_000);

    clock.start();
    Timer first = nextTimer(timers);
    assertEquals(500_000_000L, first.nanos(), "30 simulated seconds at 60x: half a wall second");
    assertEquals(0, clock.handledCount(), "nothing is released before its wall time");
    wall.addAndGet(first.nanos());
    first.action().run();
    Timer second = nextTimer(timers); // asked for once the first instant was handled
    assertEquals(1_000_000_000L, second.nanos(), "a simulated minute later: one wall second later");
    assertEquals(1, clock.handledCount());
    wall.addAndGet(second.nanos());
    second.action().run();
    assertTrue(finished.await(30, TimeUnit.SECONDS));
    assertEquals(List.of(30_000_000L, 90_000_000L), new ArrayList<>(handledAt));
  }

  /** The clock asks for its next timer from the thread that handled the last message. */
  private static Timer nextTimer(ConcurrentLinkedQueue<Timer> timers) {
    return testKit.createTestProbe().awaitAssert(() -> {
      Timer timer = timers.poll();
      assertTrue(timer != null, "no timer asked for yet");
      return timer;
    });
  }
}

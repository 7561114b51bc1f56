package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.internal.clock.StuckActor;
import io.csvsim.internal.clock.VirtualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The watchdog is given wall time, so the test moves that time instead of waiting for it. */
class StallWatchdogTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aHandlerThatNeverReturnsIsNamedOnceTheTimeoutHasPassedWithoutProgress() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    VirtualClock clock = new VirtualClock(100, finished::countDown);
    StuckActor stuck = new StuckActor(testKit, clock, "stuck-node");
    SimClock.Sender out = clock.sender("test");
    out.tell(stuck.ref, "io", 7);
    StallWatchdog watchdog = new StallWatchdog(clock, Duration.ofSeconds(60));
    assertNull(watchdog.check(0), "before the start nothing is out");
    clock.start();
    try (stuck) {
      stuck.awaitStuck();
      assertNull(watchdog.check(1 * SECOND), "stuck for a second");
      assertNull(watchdog.check(60 * SECOND), "60 s without progress is still within the timeout");
      String stalled = watchdog.check(61 * SECOND);
      assertEquals("stalled at 0.000007 s simulated: no message handled for 60 s; waiting for: stuck-node holds String (due at 7 us)",
          stalled);
    }
    assertTrue(finished.await(30, TimeUnit.SECONDS));
    assertNull(watchdog.check(63 * SECOND), "progress again, and nothing left out");
  }
}

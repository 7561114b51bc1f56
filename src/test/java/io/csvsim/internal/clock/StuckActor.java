package io.csvsim.internal.clock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A model actor whose handler does not return until released: a stalled instant, for tests. */
public final class StuckActor implements AutoCloseable {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  public final ActorRef<String> ref;

  public StuckActor(ActorTestKit kit, SimClock clock, String name) {
    ref = kit.spawn(clock.instrument(Behaviors.receive(String.class).onMessage(String.class, s -> {
      entered.countDown();
      release.await(); // the stall under test
      return Behaviors.same();
    }).build()), name);
  }

  /** Returns once the handler has started (and so holds its instant). */
  public void awaitStuck() throws InterruptedException {
    assertTrue(entered.await(30, TimeUnit.SECONDS), "the stuck actor never got its message");
  }

  /** Lets the handler return. */
  @Override
  public void close() {
    release.countDown();
  }
}

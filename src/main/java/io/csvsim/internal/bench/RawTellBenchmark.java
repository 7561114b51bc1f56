package io.csvsim.internal.bench;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Pekko's own ceiling on this machine: typed tell throughput between many actor pairs with several
 * messages in flight each, on the dispatcher settings the model runs with.
 */
public final class RawTellBenchmark {

  private RawTellBenchmark() {}

  private record Ball(ActorRef<Ball> replyTo) {}

  private enum Go { INSTANCE }

  /** Messages per second, measured for {@code measure} after {@code warmUp}. */
  public static double run(Config config, int pairs, int inFlight, Duration warmUp, Duration measure) throws InterruptedException {
    AtomicLong hops = new AtomicLong();
    AtomicBoolean playing = new AtomicBoolean(true);
    CountDownLatch stopped = new CountDownLatch(1);
    long[] window = new long[2];
    Behavior<Go> guardian = Behaviors.setup(ctx -> {
      for (int p = 0; p < pairs; p++) {
        ActorRef<Ball> pong = ctx.spawn(player(hops, playing), "pong-" + p);
        ActorRef<Ball> ping = ctx.spawn(player(hops, playing), "ping-" + p);
        for (int k = 0; k < inFlight; k++) pong.tell(new Ball(ping));
      }
      return Behaviors.receive(Go.class).onMessage(Go.class, g -> Behaviors.stopped()).build();
    });
    ActorSystem<Go> system = ActorSystem.create(guardian, "raw-tell", config);
    try {
      Thread.sleep(warmUp.toMillis()); // wall-clock benchmark, not a model: it measures real time
      window[0] = hops.get();
      long start = System.nanoTime();
      Thread.sleep(measure.toMillis());
      window[1] = hops.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      return (window[1] - window[0]) / seconds;
    } finally {
      // Let the balls drop first: a saturated dispatcher can keep shutdown from ever running.
      playing.set(false);
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().whenComplete((d, e) -> stopped.countDown());
      if (!stopped.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the raw benchmark's actor system did not stop");
    }
  }

  private static Behavior<Ball> player(AtomicLong hops, AtomicBoolean playing) {
    return Behaviors.setup(ctx -> {
      ActorRef<Ball> self = ctx.getSelf();
      long[] local = new long[1];
      return Behaviors.receive(Ball.class).onMessage(Ball.class, ball -> {
        // count in batches: a shared counter per message would measure the counter, not Pekko
        if (++local[0] == 1000) {
          hops.addAndGet(1000);
          local[0] = 0;
        }
        if (playing.get()) ball.replyTo().tell(new Ball(self));
        return Behaviors.same();
      }).build();
    });
  }
}

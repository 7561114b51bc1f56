package io.csvsim.clock;

import java.time.Duration;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * The discrete-event clock paced by real time: an instant is released once the previous one is
 * handled and its wall time (simulated time / speed) has come. Speed 60 runs one simulated minute
 * per wall second. Delivery order, and so the result, is the same as the virtual clock's; a model
 * that cannot keep up with the speed falls behind rather than reordering anything.
 */
public final class WallClock extends VirtualClock {

  private final Scheduler scheduler;
  private final ExecutionContext executor;
  private final double speed;
  private long startNanos;

  public WallClock(Scheduler scheduler, ExecutionContext executor, double speed, long endTime, Runnable onFinished) {
    super(endTime, onFinished);
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive, got " + speed);
    this.scheduler = scheduler;
    this.executor = executor;
    this.speed = speed;
  }

  @Override
  void onStart() {
    startNanos = System.nanoTime();
  }

  /** Pekko's scheduler ticks every 10 ms: an instant due within this margin goes at once. */
  private static final long EARLY_NANOS = 2_000_000;

  @Override
  long waitBeforeNanos(long time) {
    long due = startNanos + (long) (time * 1000.0 / speed);
    long wait = due - System.nanoTime();
    return wait > EARLY_NANOS ? wait : 0;
  }

  @Override
  void resumeLater(long nanos, Runnable advance) {
    scheduler.scheduleOnce(Duration.ofNanos(nanos), advance, executor);
  }
}

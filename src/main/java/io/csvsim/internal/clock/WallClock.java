package io.csvsim.internal.clock;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * The discrete-event clock paced by real time: an instant is released once the previous one is
 * handled and its wall time (simulated time / speed) has come. Speed 60 runs one simulated minute
 * per wall second. Delivery order, and so the result, is the same as the virtual clock's; a model
 * that cannot keep up with the speed falls behind rather than reordering anything.
 */
public final class WallClock extends VirtualClock {

  /** Runs an action after a wall delay in nanoseconds. */
  interface Later {
    void run(long nanos, Runnable action);
  }

  private final LongSupplier wallNanos;
  private final Later later;
  private final double speed;
  private long startNanos;

  public WallClock(Scheduler scheduler, ExecutionContext executor, double speed, long endTime, Runnable onFinished) {
    this(System::nanoTime, (nanos, action) -> scheduler.scheduleOnce(Duration.ofNanos(nanos), action, executor), speed, endTime,
        onFinished);
  }

  /** With its own wall time and timer: tests move time instead of waiting for it. */
  WallClock(LongSupplier wallNanos, Later later, double speed, long endTime, Runnable onFinished) {
    super(endTime, onFinished);
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive, got " + speed);
    this.wallNanos = wallNanos;
    this.later = later;
    this.speed = speed;
  }

  @Override
  void onStart() {
    startNanos = wallNanos.getAsLong();
  }

  /** Pekko's scheduler ticks every 10 ms: an instant due within this margin goes at once. */
  private static final long EARLY_NANOS = 2_000_000;

  @Override
  long waitBeforeNanos(long time) {
    long due = startNanos + (long) (time * 1000.0 / speed);
    long wait = due - wallNanos.getAsLong();
    return wait > EARLY_NANOS ? wait : 0;
  }

  @Override
  void resumeLater(long nanos, Runnable advance) {
    later.run(nanos, advance);
  }
}

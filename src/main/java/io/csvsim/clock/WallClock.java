package io.csvsim.clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * Real time scaled by a speed factor (60 = one simulated minute per wall second), for live use
 * inside another Pekko app. Delivery order within one instant follows the scheduler, so runs are
 * not reproducible; every message is still accounted for at the end.
 */
public final class WallClock extends CountingClock {

  private final Scheduler scheduler;
  private final ExecutionContext executor;
  private final double speed;
  private final long endTime;
  private final Runnable onFinished;
  private final Object lock = new Object();
  private final Set<Envelope> scheduled = new LinkedHashSet<>();
  private final List<Object> undelivered = new ArrayList<>();
  private long startNanos;
  private boolean started;
  private boolean finished;
  private boolean reported;

  public WallClock(Scheduler scheduler, ExecutionContext executor, double speed, long endTime, Runnable onFinished) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive, got " + speed);
    this.scheduler = scheduler;
    this.executor = executor;
    this.speed = speed;
    this.endTime = endTime;
    this.onFinished = onFinished;
  }

  public void start() {
    List<Envelope> initial;
    synchronized (lock) {
      if (started) throw new IllegalStateException("clock already started");
      started = true;
      startNanos = System.nanoTime();
      initial = new ArrayList<>(scheduled);
    }
    for (Envelope e : initial) arm(e);
    scheduler.scheduleOnce(wallDelay(endTime), this::finish, executor);
  }

  @Override
  public long now() {
    synchronized (lock) {
      if (!started) return 0;
      long simulated = (long) ((System.nanoTime() - startNanos) / 1000.0 * speed);
      return Math.min(simulated, endTime);
    }
  }

  @Override
  public long endTime() {
    return endTime;
  }

  @Override
  long minimumDelay() {
    return 0;
  }

  @Override
  void schedule(Envelope envelope) {
    boolean armNow;
    synchronized (lock) {
      if (finished || envelope.time > endTime) {
        undelivered.add(envelope.message);
        return;
      }
      scheduled.add(envelope);
      armNow = started;
    }
    if (armNow) arm(envelope);
  }

  private Duration wallDelay(long simulatedTime) {
    long delayMicros = Math.max(0, simulatedTime - now());
    return Duration.ofNanos((long) (delayMicros * 1000.0 / speed));
  }

  private void arm(Envelope envelope) {
    scheduler.scheduleOnce(wallDelay(envelope.time), () -> fire(envelope), executor);
  }

  private void fire(Envelope envelope) {
    synchronized (lock) {
      if (!scheduled.remove(envelope)) return; // moved to undelivered at finish
      released(1);
    }
    deliver(envelope);
  }

  private void finish() {
    synchronized (lock) {
      finished = true;
      for (Envelope e : scheduled) undelivered.add(e.message);
      scheduled.clear();
    }
    if (pendingCount() == 0) onQuiescent();
  }

  @Override
  void onQuiescent() {
    synchronized (lock) {
      if (!finished || reported) return;
      reported = true;
    }
    onFinished.run();
  }

  @Override
  public List<Object> undelivered() {
    synchronized (lock) {
      return new ArrayList<>(undelivered);
    }
  }
}

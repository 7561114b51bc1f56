package io.csvsim.internal.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Discrete-event clock: time jumps to the next scheduled instant once every envelope released for
 * the current instant has been handled. Each instant's batch is released in (time, sender, seq)
 * order from one thread, so every mailbox sees the same order whatever the dispatcher's threads.
 */
public class VirtualClock extends CountingClock {

  private final long endTime;
  private final Runnable onFinished;
  private final PriorityQueue<Envelope> future = new PriorityQueue<>();
  private final Object lock = new Object();
  private volatile long now;
  private boolean started;
  private boolean finished;
  private final List<Envelope> batch = new ArrayList<>();
  private volatile List<Envelope> released = List.of();
  private int maxInstant; // most messages released in one instant: a bound on any mailbox's depth
  private int maxScheduled; // most messages waiting for their instant
  private long fingerprint = 0x5eed_f1a9_e4b1_7c3dL;

  /**
   * @param endTime last simulated microsecond that is delivered
   * @param onFinished called once, from whichever thread finishes the last instant
   */
  public VirtualClock(long endTime, Runnable onFinished) {
    this.endTime = endTime;
    this.onFinished = onFinished;
  }

  @Override
  public long now() {
    return now;
  }

  /** Begins delivering; call once every initial message has been scheduled. */
  public void start() {
    synchronized (lock) {
      if (started) throw new IllegalStateException("clock already started");
      started = true;
      onStart();
    }
    if (pending() == 0) advance();
  }

  /** Called once when delivery begins (the wall clock notes the wall time here). */
  void onStart() {}

  /**
   * How long to wait before releasing the instant at {@code time}; 0 releases it at once. When
   * positive, {@link #resumeLater} is asked to call back, and nothing is released meanwhile.
   */
  long waitBeforeNanos(long time) {
    return 0;
  }

  /** Calls {@code advance} again after {@code nanos}; only clocks that wait need it. */
  void resumeLater(long nanos, Runnable advance) {
    throw new IllegalStateException("this clock never waits");
  }

  @Override
  void schedule(long delayMicros, long senderKey, long seq, ActorRef<Object> target, Object message) {
    synchronized (lock) {
      long min = started ? NEXT_INSTANT : 0;
      if (delayMicros < min) {
        throw new IllegalArgumentException("delay " + delayMicros + " µs below the minimum " + min + " µs for "
            + message.getClass().getSimpleName() + ": a message goes out at the next instant at the earliest");
      }
      future.add(new Envelope(now + delayMicros, senderKey, seq, target, message, this));
      if (future.size() > maxScheduled) maxScheduled = future.size();
    }
  }

  @Override
  boolean running() {
    synchronized (lock) {
      return started && !finished;
    }
  }

  @Override
  void onQuiescent() {
    advance();
  }

  private void advance() {
    List<Envelope> toRelease;
    boolean finishNow = false;
    synchronized (lock) {
      if (finished || !started) return;
      Envelope head = future.peek();
      if (head == null || head.time > endTime) {
        finished = true;
        finishNow = true;
        toRelease = List.of();
      } else {
        long wait = waitBeforeNanos(head.time);
        if (wait > 0) {
          resumeLater(wait, this::advance);
          return;
        }
        long t = head.time;
        batch.clear();
        while (!future.isEmpty() && future.peek().time == t) batch.add(future.poll());
        toRelease = new ArrayList<>(batch);
        for (Envelope e : toRelease) fingerprint = Fingerprint.mix(fingerprint, e.time, e.target, e.message);
        if (toRelease.size() > maxInstant) maxInstant = toRelease.size();
        released = toRelease;
        now = t;
        // Count the whole batch before releasing any of it, so that no early handler can
        // bring the count to zero while later envelopes of this instant are still unsent.
        released(toRelease.size());
      }
    }
    if (finishNow) {
      onFinished.run();
      return;
    }
    for (Envelope e : toRelease) deliver(e);
  }

  /**
   * The current instant's messages not yet handled, as "actor holds Message (due at t µs)": what
   * a stalled run is waiting for.
   */
  public List<String> inFlight() {
    List<String> held = new ArrayList<>();
    for (Envelope e : released) {
      if (!e.handled) held.add(e.target.path().name() + " holds " + e.message.getClass().getSimpleName() + " (due at " + e.time + " us)");
    }
    return held;
  }

  /**
   * A hash of every model message released so far, in release order, by (time, receiver, message
   * type): the same scenario and seed give the same fingerprint, and a change to the model's
   * behaviour almost surely a different one. The order is the clock's own, so dispatcher threads
   * do not change it.
   */
  public long fingerprint() {
    synchronized (lock) {
      return fingerprint;
    }
  }

  /** Most messages released in one instant: no mailbox ever held more. */
  public int maxMessagesInOneInstant() {
    synchronized (lock) {
      return maxInstant;
    }
  }

  /** Most messages scheduled for later instants at once. */
  public int maxScheduled() {
    synchronized (lock) {
      return maxScheduled;
    }
  }

  @Override
  public List<Object> undelivered() {
    synchronized (lock) {
      List<Object> rest = new ArrayList<>(future.size());
      for (Envelope e : future) rest.add(e.message);
      return rest;
    }
  }

}

package io.csvsim.internal.clock;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Shared machinery of both clocks: senders with their own sequence numbers, and a count of
 * envelopes released to mailboxes but not yet handled.
 */
public abstract class CountingClock implements SimClock {

  CountingClock() {}

  private final Set<Long> senderKeys = ConcurrentHashMap.newKeySet();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();

  /**
   * Schedules {@code message} for {@code target} {@code delayMicros} after now, reading now under
   * the same lock that moves it, so that no envelope is ever due before the instant under way.
   */
  abstract void schedule(long delayMicros, long senderKey, long seq, ActorRef<Object> target, Object message);

  /** Between start and the end of the run: model messages then travel only through the clock. */
  abstract boolean running();

  /** Called when the last released envelope has been handled. */
  abstract void onQuiescent();


  final void released(int count) {
    pending.addAndGet(count);
  }

  final void handledOne() {
    handled.incrementAndGet();
    if (pending.decrementAndGet() == 0) onQuiescent();
  }

  /** Envelopes released but not yet handled. */
  public final long pending() {
    return pending.get();
  }

  /** Envelopes handled so far (the model's message count). */
  public final long handledCount() {
    return handled.get();
  }

  @SuppressWarnings("unchecked")
  static void deliver(Envelope envelope) {
    envelope.target.tell(envelope);
  }

  /**
   * The sender's key is a hash of its name, not a creation counter: actors create their senders
   * in their own setup, on their own threads, in no fixed order.
   */
  @Override
  public final Sender sender(String ownerName) {
    long key = keyOf(ownerName);
    if (!senderKeys.add(key)) throw new IllegalArgumentException("a sender named '" + ownerName + "' (or one with its key) exists already");
    return new ClockSender(key);
  }

  /** 64-bit FNV-1a with a final mix: stable across runs and JVMs. */
  static long keyOf(String name) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < name.length(); i++) {
      h ^= name.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  /**
   * A dead letter that is one of our envelopes will never reach an interceptor; count it as
   * handled so that time keeps moving.
   */
  public final boolean deadLetter(Object message) {
    if (message instanceof Envelope e && e.clock == this) {
      e.handled = true;
      handledOne();
      return true;
    }
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public final <T> Behavior<T> instrument(Behavior<T> behavior) {
    Behavior<Object> intercepted =
        Behaviors.intercept(() -> new Unwrapping<>(this), behavior);
    return (Behavior<T>) (Behavior<?>) intercepted;
  }

  private final class ClockSender implements Sender {
    private final long key;
    private long seq;

    ClockSender(long key) {
      this.key = key;
    }

    @Override
    public long now() {
      return CountingClock.this.now();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void tell(ActorRef<T> target, T message, long delayMicros) {
      long number;
      synchronized (this) {
        number = seq++; // a sender's sequence; senders are used from their actor's handlers, one at a time
      }
      schedule(delayMicros, key, number, (ActorRef<Object>) (ActorRef<?>) target, message);
    }
  }

  /** Unwraps envelopes and reports when their handling is over; other messages pass through. */
  private static final class Unwrapping<T> extends BehaviorInterceptor<Object, T> {
    private final CountingClock clock;
    private boolean envelopeSeen;

    Unwrapping(CountingClock clock) {
      super(Object.class);
      this.clock = clock;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Behavior<T> aroundReceive(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<T> target) {
      if (msg instanceof Envelope e) {
        envelopeSeen = true;
        try {
          return target.apply(ctx, (T) e.message);
        } finally {
          e.handled = true;
          e.clock.handledOne();
        }
      }
      // Wiring told before start sits in the mailbox ahead of every envelope the clock releases.
      boolean wiringBeforeTheRun = msg instanceof SimClock.Wiring && !envelopeSeen;
      if (clock.running() && !wiringBeforeTheRun) {
        // Handled outside the clock's count, it could run at any instant and send from there.
        throw new IllegalStateException(ctx.asJava().getSelf().path().name() + " got " + msg.getClass().getSimpleName()
            + " outside the simulation clock while it runs: model actors take messages only through a SimClock.Sender");
      }
      return target.apply(ctx, (T) msg);
    }
  }
}

package io.csvsim.internal.clock;

import org.apache.pekko.actor.typed.ActorRef;

/** A timed message in flight; the clock's interceptor unwraps it. Ordered by (time, sender, seq). */
final class Envelope implements Comparable<Envelope> {
  final long time;
  final long senderKey;
  final long seq;
  final ActorRef<Object> target;
  final Object message;
  final CountingClock clock;
  /** Set once the target's handler has returned; read only by stall diagnostics. */
  volatile boolean handled;

  Envelope(long time, long senderKey, long seq, ActorRef<Object> target, Object message, CountingClock clock) {
    this.time = time;
    this.senderKey = senderKey;
    this.seq = seq;
    this.target = target;
    this.message = message;
    this.clock = clock;
  }

  @Override
  public int compareTo(Envelope o) {
    if (time != o.time) return Long.compare(time, o.time);
    if (senderKey != o.senderKey) return Long.compare(senderKey, o.senderKey);
    return Long.compare(seq, o.seq);
  }

  @Override
  public String toString() {
    return "Envelope[t=" + time + ", to=" + target.path().name() + ", " + message.getClass().getSimpleName() + "]";
  }
}

package io.csvsim.clock;

import org.apache.pekko.actor.typed.ActorRef;

/** A timed message in flight; the clock's interceptor unwraps it. Ordered by (time, sender, seq). */
final class Envelope implements Comparable<Envelope> {
  final long time;
  final int senderId;
  final long seq;
  final ActorRef<Object> target;
  final Object message;
  final CountingClock clock;

  Envelope(long time, int senderId, long seq, ActorRef<Object> target, Object message, CountingClock clock) {
    this.time = time;
    this.senderId = senderId;
    this.seq = seq;
    this.target = target;
    this.message = message;
    this.clock = clock;
  }

  @Override
  public int compareTo(Envelope o) {
    if (time != o.time) return Long.compare(time, o.time);
    if (senderId != o.senderId) return Integer.compare(senderId, o.senderId);
    return Long.compare(seq, o.seq);
  }

  @Override
  public String toString() {
    return "Envelope[t=" + time + ", to=" + target.path().name() + ", " + message.getClass().getSimpleName() + "]";
  }
}

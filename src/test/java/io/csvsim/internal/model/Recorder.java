package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import java.util.Queue;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A stand-in for a collaborator: keeps each timed message with the time it arrived, inside its
 * handler, so that once the clock has finished everything received is there to read.
 */
final class Recorder {
  record Received<T>(long at, T message) {}

  private Recorder() {}

  static <T> Behavior<T> create(SimClock clock, Queue<Received<T>> received) {
    return clock.instrument(Behaviors.receiveMessage(message -> {
      received.add(new Received<>(clock.now(), message));
      return Behaviors.same();
    }));
  }
}

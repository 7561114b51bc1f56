package io.csvsim.model;

import io.csvsim.clock.SimClock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A stand-in for a collaborator: forwards each timed message, with the time it arrived, to a probe. */
final class Recorder {
  record Received<T>(long at, T message) {}

  private Recorder() {}

  @SuppressWarnings("unchecked")
  static <T> Behavior<T> create(SimClock clock, ActorRef<Received<T>> probe) {
    return clock.instrument(Behaviors.receiveMessage(message -> {
      probe.tell(new Received<>(clock.now(), message));
      return Behaviors.same();
    }));
  }
}

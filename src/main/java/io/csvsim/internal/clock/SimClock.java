package io.csvsim.internal.clock;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The only source of time and delay for model actors. Times are microseconds since the start of
 * the simulation. Messages between model actors go through a {@link Sender} so that the clock can
 * order them deterministically and know when an instant is complete.
 */
public interface SimClock {

  /** The smallest delay of a message once the clock runs, in µs: it goes out at the next instant. */
  long NEXT_INSTANT = 1;

  /**
   * A message that wires model actors together, told directly before the clock starts: the actor
   * takes it before any envelope, so it is the one plain message allowed while the clock runs.
   */
  interface Wiring {}

  /** Current simulated time in microseconds. */
  long now();

  /**
   * A handle through which one actor sends timed messages. Its name must be unique within the
   * simulation: it breaks ties between messages due at the same instant.
   */
  Sender sender(String ownerName);

  /** Wraps a model behavior so that the clock sees when each of its timed messages is handled. */
  <T> Behavior<T> instrument(Behavior<T> behavior);

  /** Messages still scheduled when the run ended (only meaningful once finished). */
  List<Object> undelivered();

  interface Sender {
    long now();

    /** Delivers {@code message} to {@code target} after {@code delayMicros} (at least 1 once running). */
    <T> void tell(ActorRef<T> target, T message, long delayMicros);
  }
}

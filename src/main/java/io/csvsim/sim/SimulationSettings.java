package io.csvsim.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How to run a scenario: which clock, for the wall clock its speed (60 = one simulated minute per
 * wall second), and how long (wall time) messages may sit unhandled before the run is declared
 * stalled and stopped with a diagnostic. Read from {@code csvsim.simulation} (defaults in
 * reference.conf), as Pekko reads its own settings; the factories below build them in code.
 */
public record SimulationSettings(ClockKind clock, double speed, Duration stallTimeout) {

  /** Where the settings live in a config. */
  public static final String PATH = "csvsim.simulation";

  public enum ClockKind { VIRTUAL, WALL }

  public SimulationSettings {
    if (clock == ClockKind.WALL && !(speed > 0)) throw new IllegalArgumentException("wall clock speed must be > 0, got " + speed);
    if (stallTimeout.isNegative() || stallTimeout.isZero()) throw new IllegalArgumentException("stall timeout must be positive, got " + stallTimeout);
  }

  /** The settings under {@code csvsim.simulation} of {@code config}, e.g. an ActorSystem's config. */
  public static SimulationSettings create(Config config) {
    Config c = config.getConfig(PATH);
    String clockName = c.getString("clock");
    ClockKind clock = switch (clockName.toLowerCase(Locale.ROOT)) {
      case "virtual" -> ClockKind.VIRTUAL;
      case "wall" -> ClockKind.WALL;
      default -> throw new ConfigException.BadValue(c.origin(), PATH + ".clock", "expected virtual or wall, got '" + clockName + "'");
    };
    double speed = c.getDouble("wall-speed");
    if (!(speed > 0)) throw new ConfigException.BadValue(c.origin(), PATH + ".wall-speed", "expected a number > 0, got " + speed);
    Duration stall = c.getDuration("stall-timeout");
    if (stall.isNegative() || stall.isZero()) {
      throw new ConfigException.BadValue(c.origin(), PATH + ".stall-timeout", "expected a positive duration, got " + stall);
    }
    return new SimulationSettings(clock, speed, stall);
  }

  /** The settings of {@code system}'s config. */
  public static SimulationSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /** The discrete-event clock, with reference.conf's stall timeout. */
  public static SimulationSettings virtual() {
    return new SimulationSettings(ClockKind.VIRTUAL, 0, Reference.STALL_TIMEOUT);
  }

  /** The wall clock at {@code speed} simulated seconds per wall second. */
  public static SimulationSettings wall(double speed) {
    return new SimulationSettings(ClockKind.WALL, speed, Reference.STALL_TIMEOUT);
  }

  public SimulationSettings withClock(ClockKind kind) {
    return new SimulationSettings(kind, speed, stallTimeout);
  }

  public SimulationSettings withSpeed(double simulatedSecondsPerWallSecond) {
    return new SimulationSettings(clock, simulatedSecondsPerWallSecond, stallTimeout);
  }

  public SimulationSettings withStallTimeout(Duration timeout) {
    return new SimulationSettings(clock, speed, timeout);
  }

  /** reference.conf's defaults, read once. */
  private static final class Reference {
    static final Duration STALL_TIMEOUT =
        com.typesafe.config.ConfigFactory.defaultReference().getDuration(PATH + ".stall-timeout");
  }
}

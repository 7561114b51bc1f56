package io.csvsim.sim;

import java.time.Duration;

/**
 * How to run a scenario: which clock, for the wall clock its speed (60 = one simulated minute per
 * wall second), and how long (wall time) messages may sit unhandled before the run is declared
 * stalled and stopped with a diagnostic.
 */
public record SimulationSettings(ClockKind clock, double speed, Duration stallTimeout) {

  static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  public enum ClockKind { VIRTUAL, WALL }

  public SimulationSettings {
    if (clock == ClockKind.WALL && !(speed > 0)) throw new IllegalArgumentException("wall clock speed must be > 0, got " + speed);
    if (stallTimeout.isNegative() || stallTimeout.isZero()) throw new IllegalArgumentException("stall timeout must be positive");
  }

  public static SimulationSettings virtual() {
    return new SimulationSettings(ClockKind.VIRTUAL, 0, DEFAULT_STALL_TIMEOUT);
  }

  public static SimulationSettings wall(double speed) {
    return new SimulationSettings(ClockKind.WALL, speed, DEFAULT_STALL_TIMEOUT);
  }

  public SimulationSettings withStallTimeout(Duration timeout) {
    return new SimulationSettings(clock, speed, timeout);
  }
}

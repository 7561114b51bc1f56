package io.csvsim.sim;

/**
 * How to run a scenario: which clock, and for the wall clock its speed (60 = one simulated minute
 * per wall second).
 */
public record SimulationSettings(ClockKind clock, double speed) {

  public enum ClockKind { VIRTUAL, WALL }

  public SimulationSettings {
    if (clock == ClockKind.WALL && !(speed > 0)) throw new IllegalArgumentException("wall clock speed must be > 0, got " + speed);
  }

  public static SimulationSettings virtual() {
    return new SimulationSettings(ClockKind.VIRTUAL, 0);
  }

  public static SimulationSettings wall(double speed) {
    return new SimulationSettings(ClockKind.WALL, speed);
  }
}

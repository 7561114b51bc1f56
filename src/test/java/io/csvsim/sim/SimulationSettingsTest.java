package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {

  private static Config over(String text) {
    return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void referenceConfGivesTheVirtualClockAndAMinuteBeforeAStall() {
    SimulationSettings settings = SimulationSettings.create(ConfigFactory.defaultReference());
    assertEquals(SimulationSettings.ClockKind.VIRTUAL, settings.clock());
    assertEquals(Duration.ofSeconds(60), settings.stallTimeout());
    assertEquals(settings.stallTimeout(), SimulationSettings.virtual().stallTimeout(), "the code's defaults are reference.conf's");
  }

  @Test
  void anApplicationConfigChoosesTheWallClockItsSpeedAndTheStallTimeout() {
    SimulationSettings settings = SimulationSettings.create(over(
        "csvsim.simulation { clock = wall, wall-speed = 600, stall-timeout = 5m }"));
    assertEquals(new SimulationSettings(SimulationSettings.ClockKind.WALL, 600, Duration.ofMinutes(5)), settings);
  }

  @Test
  void aBadSettingNamesItsKey() {
    ConfigException clock = assertThrows(ConfigException.class,
        () -> SimulationSettings.create(over("csvsim.simulation.clock = sundial")));
    assertTrue(clock.getMessage().contains("csvsim.simulation.clock") && clock.getMessage().contains("sundial"), clock.getMessage());
    ConfigException speed = assertThrows(ConfigException.class,
        () -> SimulationSettings.create(over("csvsim.simulation.wall-speed = 0")));
    assertTrue(speed.getMessage().contains("csvsim.simulation.wall-speed"), speed.getMessage());
  }
}

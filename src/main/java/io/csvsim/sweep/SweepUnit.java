package io.csvsim.sweep;

import com.typesafe.config.ConfigFactory;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import java.util.List;
import java.util.Map;

/**
 * One simulation of a sweep, as it travels: the scenario file rendered as HOCON (includes merged)
 * plus the variant's overrides and the seed. Small whatever the cluster's size, where a loaded
 * {@link Scenario} of thousands of VMs would exceed the transport's frame. {@code seed}: null for the
 * scenario's own, as a local run loads it (its report then lists no seed override).
 */
public record SweepUnit(int index, String variant, Map<String, String> settings, String scenarioHocon, String sourceName,
    List<String> overrides, Long seed) implements SweepMessage {

  public SweepUnit {
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)); // keeps the --vary order
    overrides = List.copyOf(overrides);
  }

  /** The scenario, loaded where the unit runs, exactly as the coordinator validated it. */
  public Scenario scenario() {
    return ScenarioLoader.withReference().fromConfig(ConfigFactory.parseString(scenarioHocon), sourceName, overrides, seed);
  }
}

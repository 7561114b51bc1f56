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
 * scenario's own, as a local run loads it (its report then lists no seed override). {@code index}
 * names the unit within its sweep, across all batches. {@code answer}: what the worker sends back.
 */
public record SweepUnit(int index, String variant, Map<String, String> settings, String scenarioHocon, String sourceName,
    List<String> overrides, Long seed, Answer answer) implements SweepMessage {

  /** A comparison's unit comes back as its row and its report.html; a plan's as its row and the planner's figures. */
  public enum Answer { ROW_AND_REPORT, ROW_AND_PLAN_FIGURES }

  public SweepUnit {
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)); // keeps the --vary order
    overrides = List.copyOf(overrides);
  }

  /** A comparison's unit. */
  public SweepUnit(int index, String variant, Map<String, String> settings, String scenarioHocon, String sourceName,
      List<String> overrides, Long seed) {
    this(index, variant, settings, scenarioHocon, sourceName, overrides, seed, Answer.ROW_AND_REPORT);
  }

  /** The scenario, loaded where the unit runs, exactly as the coordinator validated it. */
  public Scenario scenario() {
    return ScenarioLoader.withReference().fromConfig(ConfigFactory.parseString(scenarioHocon), sourceName, overrides, seed);
  }
}

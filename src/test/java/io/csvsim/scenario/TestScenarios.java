package io.csvsim.scenario;

import com.typesafe.config.ConfigFactory;
import java.util.List;

/** Scenarios for tests, written as HOCON like a user's. */
public final class TestScenarios {
  private TestScenarios() {}

  /** A scenario from HOCON text (relative to the csvsim namespace or with it) plus key=value overrides. */
  public static Scenario load(String hocon, String... overrides) {
    return ScenarioLoader.withReference().fromConfig(ConfigFactory.parseString(hocon), "test", List.of(overrides), null);
  }

  /**
   * {@code nodes} nodes node-0.., {@code csvs} volumes csv-0.. (csv i coordinated by node i mod nodes),
   * {@code vms} VMs vm-0.. with vm i on node i mod nodes and volume i mod csvs; then the settings.
   */
  public static Scenario explicit(int nodes, int csvs, int vms, String... settings) {
    StringBuilder b = new StringBuilder("csvsim.cluster {\n nodes = [");
    for (int n = 0; n < nodes; n++) b.append("{ name = node-").append(n).append(" },");
    b.append("]\n csvs = [");
    for (int c = 0; c < csvs; c++) b.append("{ name = csv-").append(c).append(", coordinator = node-").append(c % nodes).append(" },");
    b.append("]\n vms = [");
    for (int v = 0; v < vms; v++) {
      b.append("{ name = vm-").append(v).append(", node = node-").append(v % nodes).append(", csv = csv-").append(v % csvs).append(" },");
    }
    b.append("]\n}\n");
    return load(b.toString(), settings);
  }
}

package io.csvsim.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration the planner tries: what it changes from the scenario, in words an
 * administrator acts on ({@code settings}, e.g. MaxAllowedParallelBackups = 1), the scenario
 * overrides that say it to the model, and the purchases it needs (empty: settings only).
 */
public record Candidate(Map<String, String> settings, List<String> overrides, List<String> purchases) {

  public Candidate {
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    overrides = List.copyOf(overrides);
    purchases = List.copyOf(purchases);
  }

  public static final Candidate CURRENT = new Candidate(Map.of(), List.of(), List.of());

  /** This candidate with one more change; a setting given again replaces the earlier one. */
  public Candidate with(String setting, String value, List<String> moreOverrides, boolean purchase) {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put(setting, value);
    List<String> o = new java.util.ArrayList<>(overrides);
    o.addAll(moreOverrides);
    List<String> p = new java.util.ArrayList<>(purchases);
    if (purchase && !p.contains(setting)) p.add(setting);
    return new Candidate(s, o, p);
  }

  /** "current settings", or its changes, e.g. "MaxAllowedParallelBackups=1, DataSourceGroups=on". */
  public String label() {
    if (settings.isEmpty()) return "current settings";
    StringBuilder b = new StringBuilder();
    settings.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }
}

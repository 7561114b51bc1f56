package io.csvsim.scenario;

import io.csvsim.scenario.Scenario.FaultKind;
import io.csvsim.scenario.Scenario.FaultSpec;
import io.csvsim.scenario.Scenario.SnapshotPhase;
import io.csvsim.scenario.TopologyReader.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the faults list and adds chaos.rate's random faults, all in run time (after the start). */
final class FaultReader {

  private static final Set<String> FAULT_KEYS = Set.of("at", "kind", "node", "csv", "vm", "to", "for", "phase", "factor");
  // What each fault kind takes besides at and kind; "for" is optional except where REQUIRES_FOR says.
  private static final Map<FaultKind, List<String>> FAULT_TAKES = Map.of(
      FaultKind.REQUESTER_DEATH, List.of("node"),
      FaultKind.SNAPSHOT_FAILURE, List.of("node"),
      FaultKind.SNAPSHOT_TIMEOUT, List.of("node", "phase"),
      FaultKind.OPERATOR_CLEAR, List.of("csv"),
      FaultKind.NODE_CRASH, List.of("node", "for"),
      FaultKind.NETWORK_PARTITION, List.of("node", "for"),
      FaultKind.STORAGE_PATH_LOSS, List.of("node", "for"),
      FaultKind.LIVE_MIGRATION, List.of("vm", "to"),
      FaultKind.NETWORK_DEGRADED, List.of("factor", "for"),
      FaultKind.DPM_RESTART, List.of("for"));
  private static final Set<FaultKind> REQUIRES_FOR = Set.of(FaultKind.NETWORK_DEGRADED, FaultKind.DPM_RESTART);

  private final Keys root;

  FaultReader(Keys root) {
    this.root = root;
  }

  List<FaultSpec> read(Topology t, long startTimeOfDay, long duration, long seed) {
    Map<String, Integer> nodes = Keys.byName(t.nodes(), Scenario.NodeSpec::name);
    Map<String, Integer> csvs = Keys.byName(t.csvs(), Scenario.CsvSpec::name);
    Map<String, Integer> vms = Keys.byName(t.vms(), Scenario.VmSpec::name);
    List<FaultSpec> faults = new ArrayList<>();
    for (Keys f : root.list("faults")) {
      f.onlyKeys(FAULT_KEYS);
      long at = f.runTime("at", startTimeOfDay);
      FaultKind kind = f.choice("kind", FaultKind.class);
      List<String> takes = FAULT_TAKES.get(kind);
      for (String key : FAULT_KEYS) {
        if (!key.equals("at") && !key.equals("kind") && !takes.contains(key) && f.has(key)) {
          throw f.error(key, "not used by " + kind.label() + "; it takes " + String.join(", ", takes));
        }
      }
      int node = takes.contains("node") ? f.reference("node", nodes, "node")
          : takes.contains("to") ? f.reference("to", nodes, "node") : -1;
      int csv = takes.contains("csv") ? f.reference("csv", csvs, "volume") : -1;
      int vm = takes.contains("vm") ? f.reference("vm", vms, "VM") : -1;
      long lasts = 0;
      if (REQUIRES_FOR.contains(kind) || f.has("for")) lasts = f.micros("for", Scenario.SECOND, 366 * Scenario.DAY);
      SnapshotPhase phase = kind == FaultKind.SNAPSHOT_TIMEOUT
          ? (f.has("phase") ? f.choice("phase", SnapshotPhase.class) : SnapshotPhase.FREEZE_THAW)
          : null;
      double factor = kind == FaultKind.NETWORK_DEGRADED ? f.number("factor", 1, 1000, true) : 1;
      f.withinRun("at", at, duration, root.string("scenario.start-time"));
      faults.add(new FaultSpec(at, kind, node, csv, vm, lasts, phase, factor));
    }
    double chaos = root.number("chaos.rate", 0, 1000, false);
    faults.addAll(Chaos.faults(chaos, t.nodes().size(), t.csvs().size(), t.vms().size(), duration, seed));
    faults.sort(Comparator.comparingLong(FaultSpec::at));
    return List.copyOf(faults);
  }
}

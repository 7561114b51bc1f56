package io.csvsim.scenario;

import io.csvsim.scenario.Scenario.MaintenanceKind;
import io.csvsim.scenario.Scenario.MaintenanceSpec;
import io.csvsim.scenario.TopologyReader.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the maintenance list: chkdsk, defrag and redirected access scheduled on CSVs, in run time. */
final class MaintenanceReader {

  private static final Set<String> KEYS = Set.of("at", "csv", "node", "kind", "for", "disk-rate");

  private final Keys root;

  MaintenanceReader(Keys root) {
    this.root = root;
  }

  List<MaintenanceSpec> read(Topology t, Scenario.Mode mode, long startTimeOfDay, long duration) {
    List<Keys> entries = root.list("maintenance");
    if (!entries.isEmpty() && mode != Scenario.Mode.CSV) {
      throw root.error("maintenance", "needs scenario.mode = csv: a LUN without CSV is used by its owner alone and is never redirected");
    }
    Map<String, Integer> nodes = Keys.byName(t.nodes(), Scenario.NodeSpec::name);
    Map<String, Integer> csvs = Keys.byName(t.csvs(), Scenario.CsvSpec::name);
    List<MaintenanceSpec> all = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Keys m = entries.get(i);
      m.onlyKeys(KEYS);
      long at = m.runTime("at", startTimeOfDay);
      m.withinRun("at", at, duration, root.string("scenario.start-time"));
      int csv = m.reference("csv", csvs, "volume");
      int node = m.reference("node", nodes, "node");
      MaintenanceKind kind = m.choice("kind", MaintenanceKind.class);
      long lasts = m.micros("for", Scenario.SECOND, 366 * Scenario.DAY);
      double diskRate = 0;
      if (kind.worksTheDisk()) {
        diskRate = m.has("disk-rate") ? m.bandwidth("disk-rate") : root.bandwidth("csv.maintenance-disk-rate." + kind.label());
      } else if (m.has("disk-rate")) {
        throw m.error("disk-rate", "not used by " + kind.label() + ": it only redirects the other nodes' I/O");
      }
      for (int j = 0; j < all.size(); j++) {
        MaintenanceSpec other = all.get(j);
        if (other.csv() == csv && at < other.at() + other.duration() && other.at() < at + lasts) {
          throw m.error("at", "overlaps maintenance.[" + j + "] on " + t.csvs().get(csv).name()
              + ": maintenance on one volume must not overlap; start it after the other ends");
        }
      }
      all.add(new MaintenanceSpec(at, csv, node, kind, lasts, diskRate));
    }
    return List.copyOf(all);
  }
}

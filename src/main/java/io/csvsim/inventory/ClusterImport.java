package io.csvsim.inventory;

import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an inventory (and DPM's group file, if given) into a scenario file: the cluster as it
 * is, DPM's defaults for the rest. Where DataSourceGroups.xml no longer matches the CSVs (a VM
 * moved to another CSV after DSConfig.ps1 ran), the scenario keeps the file's groups, since DPM
 * acts on them, and the import says which VMs are out of place.
 */
public final class ClusterImport {
  private ClusterImport() {}

  /** What the file's groups say that the inventory contradicts or does not know. */
  public record GroupCheck(List<String> stale, List<String> unknownVms, List<String> ungroupedVms) {
    public boolean clean() {
      return stale.isEmpty() && unknownVms.isEmpty() && ungroupedVms.isEmpty();
    }
  }

  public record Result(String hocon, GroupCheck groups) {}

  public static Result of(Inventory inventory, String name, List<DataSourceGroupsXml.Group> groups, String groupsSource) {
    Map<String, Inventory.Vm> byName = new LinkedHashMap<>();
    for (Inventory.Vm vm : inventory.vms()) byName.put(vm.name().toLowerCase(Locale.ROOT), vm);
    StringBuilder b = new StringBuilder();
    b.append("# Imported by `csvsim import` from ").append(inventory.source()).append(": ").append(inventory.vms().size()).append(" VMs on ")
        .append(inventory.nodes().size()).append(" nodes and ").append(inventory.csvs().size()).append(" CSVs.\n")
        .append("# Each CSV's coordinator at the start is the node running most of its VMs [model]. DPM's settings,\n")
        .append("# the VMs' load where the inventory had none, and the schedule (all VMs nightly at 21:00) are\n")
        .append("# reference.conf's defaults: set what your cluster does differently.\n");
    b.append("csvsim {\n  scenario.name = ").append(ConfigUtil.quoteString(name)).append("\n  cluster {\n    nodes = [\n");
    for (String node : inventory.nodes()) b.append("      { name = ").append(ConfigUtil.quoteString(node)).append(" }\n");
    b.append("    ]\n    csvs = [\n");
    for (String csv : inventory.csvs()) {
      b.append("      { name = ").append(ConfigUtil.quoteString(csv)).append(", coordinator = ").append(ConfigUtil.quoteString(mostVmsOn(inventory, csv)))
          .append(" }\n");
    }
    b.append("    ]\n    vms = [\n");
    for (Inventory.Vm vm : inventory.vms()) {
      b.append("      { name = ").append(ConfigUtil.quoteString(vm.name())).append(", node = ").append(ConfigUtil.quoteString(vm.node()))
          .append(", csv = ").append(ConfigUtil.quoteString(vm.csv())).append(", size = ").append(size(vm.sizeBytes()));
      if (vm.iops() != null) b.append(", iops = ").append(number(vm.iops()));
      if (vm.readRatio() != null) b.append(", read-ratio = ").append(number(vm.readRatio()));
      if (vm.id() != null) b.append(", id = ").append(ConfigUtil.quoteString(vm.id()));
      b.append(" }\n");
    }
    b.append("    ]\n  }\n");
    GroupCheck check = null;
    if (groups != null) {
      check = check(groups, byName);
      b.append("  # DPM's DataSourceGroups, as ").append(groupsSource).append(" has them (DPM acts on the file, stale or not).\n");
      for (String s : check.stale()) b.append("  # stale: ").append(s).append('\n');
      for (String s : check.unknownVms()) b.append("  # not in the inventory, left out: ").append(s).append('\n');
      for (String s : check.ungroupedVms()) b.append("  # in no group, backed up unserialised: ").append(s).append('\n');
      b.append("  dpm.datasource-groups = [\n");
      for (DataSourceGroupsXml.Group g : groups) {
        List<String> known = g.vms().stream().filter(v -> byName.containsKey(v.toLowerCase(Locale.ROOT)))
            .map(v -> byName.get(v.toLowerCase(Locale.ROOT)).name()).toList();
        if (known.isEmpty()) continue;
        b.append("    { name = ").append(ConfigUtil.quoteString(g.id())).append(", vms = [")
            .append(String.join(", ", known.stream().map(ConfigUtil::quoteString).toList())).append("] }\n");
      }
      b.append("  ]\n");
    }
    b.append("}\n");
    return new Result(b.toString(), check);
  }

  /** The node running most of the CSV's VMs; the first such in the inventory on a tie. */
  static String mostVmsOn(Inventory inventory, String csv) {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (Inventory.Vm vm : inventory.vms()) if (vm.csv().equals(csv)) count.merge(vm.node(), 1, Integer::sum);
    return count.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
  }

  /**
   * A group stands for the CSV most of its VMs are on; a VM of it on another CSV is out of place.
   * VMs the inventory does not know, and VMs in no group, are named too.
   */
  static GroupCheck check(List<DataSourceGroupsXml.Group> groups, Map<String, Inventory.Vm> byName) {
    List<String> stale = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    java.util.Set<String> grouped = new java.util.HashSet<>();
    Map<String, String> groupOfCsv = new LinkedHashMap<>();
    for (DataSourceGroupsXml.Group g : groups) {
      Map<String, Integer> perCsv = new LinkedHashMap<>();
      for (String v : g.vms()) {
        Inventory.Vm vm = byName.get(v.toLowerCase(Locale.ROOT));
        if (vm == null) {
          unknown.add(v + " (group " + g.id() + ")");
          continue;
        }
        grouped.add(v.toLowerCase(Locale.ROOT));
        perCsv.merge(vm.csv(), 1, Integer::sum);
      }
      if (perCsv.isEmpty()) continue;
      String csv = perCsv.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      String before = groupOfCsv.putIfAbsent(csv, g.id());
      if (before != null) stale.add("groups " + before + " and " + g.id() + " both hold " + csv + "'s VMs: their backups may overlap");
      for (String v : g.vms()) {
        Inventory.Vm vm = byName.get(v.toLowerCase(Locale.ROOT));
        if (vm != null && !vm.csv().equals(csv)) {
          stale.add(vm.name() + " is on " + vm.csv() + " but in group " + g.id() + " with " + csv + "'s VMs");
        }
      }
    }
    List<String> ungrouped = new ArrayList<>();
    for (Map.Entry<String, Inventory.Vm> e : byName.entrySet()) if (!grouped.contains(e.getKey())) ungrouped.add(e.getValue().name());
    return new GroupCheck(stale, unknown, ungrouped);
  }

  /** Exact, in the largest binary unit that divides it (PowerShell's GB is a GiB). */
  static String size(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (40 - 10 * i);
      if (bytes % unit == 0) return bytes / unit + units[i];
    }
    return bytes + "B";
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}

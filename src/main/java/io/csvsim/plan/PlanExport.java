package io.csvsim.plan;

import com.typesafe.config.ConfigUtil;
import io.csvsim.inventory.DataSourceGroupsXml;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What DPM and the cluster need to apply a plan: the scenario, DataSourceGroups.xml, the registry value, the VM moves. */
public final class PlanExport {
  private PlanExport() {}

  /** The scenario file as rendered (includes merged) with the plan's settings after it, so it stands alone. */
  public static String scenario(String renderedScenario, List<String> userOverrides, Candidate recommended, String label) {
    StringBuilder b = new StringBuilder(renderedScenario);
    b.append("\n# csvsim plan: ").append(label).append('\n');
    List<String> all = new ArrayList<>(userOverrides);
    all.addAll(recommended.overrides());
    for (String o : all) {
      int eq = o.indexOf('=');
      String key = o.substring(0, eq).trim();
      b.append(key.startsWith("csvsim.") ? key : "csvsim." + key).append(" = ").append(o.substring(eq + 1).trim()).append('\n');
    }
    return b.toString();
  }

  /**
   * The groups in DSConfig.ps1's format: one entry per VM, GroupId the group's name. DPM matches
   * an entry by ComponentName, the VM's Hyper-V id (a VM's {@code id} key, from the inventory's
   * VMId column); a VM without one gets its name there, to be replaced, or regenerate the file
   * with DSConfig.ps1 once the VMs are where the plan puts them.
   */
  public static String dataSourceGroups(Scenario s) {
    List<DataSourceGroupsXml.Entry> entries = new ArrayList<>();
    for (Scenario.DataSourceGroup g : s.dpm().groups()) {
      for (int vm : g.vms()) entries.add(new DataSourceGroupsXml.Entry(s.vms().get(vm).name(),
          s.vms().get(vm).id() == null ? s.vms().get(vm).name() : s.vms().get(vm).id(), g.name()));
    }
    return DataSourceGroupsXml.write(entries);
  }

  /** MaxAllowedParallelBackups for Hyper-V, as a .reg file for regedit (import it on every Hyper-V node). */
  public static String registry(int maxAllowedParallelBackups) {
    return "Windows Registry Editor Version 5.00\r\n\r\n"
        + "; csvsim plan: DPM 2010's limit on parallel Hyper-V backups per host (TechNet ff634192).\r\n"
        + "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft Data Protection Manager\\2.0\\Configuration\\MaxAllowedParallelBackups]\r\n"
        + String.format("\"Microsoft Hyper-V\"=dword:%08x\r\n", maxAllowedParallelBackups);
  }

  /** The live migrations and CSV moves from {@code before} to {@code after}, each with -WhatIf until an administrator removes it. */
  public static String moves(Scenario before, Scenario after) {
    StringBuilder b = new StringBuilder("# csvsim plan: moves VMs and CSV ownership where the plan puts them.\r\n"
        + "# Every command carries -WhatIf: it shows what it would do. Remove -WhatIf to apply it.\r\n"
        + "Import-Module FailoverClusters\r\n");
    Map<String, String> nodeOf = new LinkedHashMap<>();
    for (Scenario.VmSpec vm : before.vms()) nodeOf.put(vm.name(), before.nodes().get(vm.node()).name());
    int moves = 0;
    for (Scenario.VmSpec vm : after.vms()) {
      String to = after.nodes().get(vm.node()).name();
      if (to.equals(nodeOf.get(vm.name()))) continue;
      moves++;
      b.append("Move-ClusterVirtualMachineRole -Name ").append(ConfigUtil.quoteString(vm.name())).append(" -Node ")
          .append(ConfigUtil.quoteString(to)).append(" -WhatIf\r\n");
    }
    for (int c = 0; c < after.csvs().size(); c++) {
      String to = after.nodes().get(after.csvs().get(c).coordinator()).name();
      if (to.equals(before.nodes().get(before.csvs().get(c).coordinator()).name())) continue;
      moves++;
      b.append("# ").append(after.csvs().get(c).name()).append(": its cluster disk's name is not in the scenario; fill it in:\r\n")
          .append("# Move-ClusterSharedVolume -Name \"Cluster Disk N\" -Node ").append(ConfigUtil.quoteString(to)).append(" -WhatIf\r\n");
    }
    return moves == 0 ? null : b.toString();
  }
}

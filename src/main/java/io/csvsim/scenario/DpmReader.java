package io.csvsim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.csvsim.scenario.Scenario.DpmSpec;
import io.csvsim.scenario.Scenario.ProtectionGroup;
import io.csvsim.scenario.Scenario.Provider;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the dpm section: DPM's limits, its link, retries and the protection groups with their schedules. */
final class DpmReader {

  private static final Set<String> GROUP_KEYS = Set.of("name", "vms", "schedule", "previous-backup");
  private static final Set<String> DATASOURCE_GROUP_KEYS = Set.of("name", "vms");

  private final Keys root;
  private final Keys dpm;

  DpmReader(Keys root) {
    this.root = root;
    this.dpm = root.at("dpm");
  }

  DpmSpec read(List<VmSpec> vms, List<Scenario.CsvSpec> csvs, Provider provider, Scenario.Platform platform, long start, long duration) {
    // TechNet ff634192 serialises per host and per CSV for the system (software) provider only; hardware
    // snapshots release the CSV early, so its advice keeps DPM's defaults: 3 per host, no groups.
    // On 2012 (DPM 2012 SP1, CSV 2.0) no backup redirects: the defaults again.
    boolean serialiseAdvised = provider == Provider.SOFTWARE && !platform.csv2();
    String parallelKey = "max-allowed-parallel-backups";
    int parallel = dpm.saysRecommended(parallelKey) ? (serialiseAdvised ? 1 : 3)
        : dpm.typed(parallelKey, "a whole number from 1 to 8, or recommended", Config::getInt);
    if (parallel < 1 || parallel > 8) throw dpm.error(parallelKey, "expected a whole number from 1 to 8, or recommended, got " + parallel);
    List<Scenario.DataSourceGroup> groups = dataSourceGroups(vms, csvs, serialiseAdvised);
    double bandwidth = dpm.bandwidth("backup-network.bandwidth");
    double efficiency = dpm.number("transfer-efficiency", 0, 1, true);
    String perJobKey = "max-transfer-rate-per-job";
    double perJob = dpm.saysWord(perJobKey, "unlimited") ? Double.POSITIVE_INFINITY : dpm.bandwidth(perJobKey);
    boolean replicas = dpm.bool("replicas-exist");
    int attempts = dpm.integer("retry.max-attempts", 1, 100);
    long delay = dpm.micros("retry.delay", 1, Scenario.DAY);
    Map<String, Integer> vmIndex = Keys.byName(vms, VmSpec::name);
    Set<Integer> protectedVms = new HashSet<>();
    List<ProtectionGroup> groupsList = dpm.named("protection-groups", GROUP_KEYS, "protection group", Keys.byName(), (g, name) -> {
      List<Integer> members = members(g, vms, vmIndex);
      for (int m : members) {
        if (!protectedVms.add(m)) throw g.error("vms", "VM '" + vms.get(m).name() + "' is already in another protection group");
      }
      List<String> times = g.typed("schedule", "a list of times of day", Config::getStringList);
      List<Long> schedule = new ArrayList<>();
      for (String t : times) schedule.add(g.timeOfDay("schedule", t));
      withinTheRun(g, times, schedule, start, duration);
      long previous = g.hasValue("previous-backup") ? g.timeOfDay("previous-backup") : -1;
      return new ProtectionGroup(name, List.copyOf(members), List.copyOf(schedule), previous);
    });
    return new DpmSpec(parallel, groups, bandwidth, efficiency, perJob, replicas, attempts, delay, List.copyOf(groupsList));
  }

  /**
   * The DataSourceGroups: on (one per CSV with its VMs, as DSConfig.ps1 makes them), off,
   * recommended (on with the software provider), or a list of groups as a DataSourceGroups.xml
   * has them, where a VM may be in at most one group and a VM in none runs unserialised.
   */
  private List<Scenario.DataSourceGroup> dataSourceGroups(List<VmSpec> vms, List<Scenario.CsvSpec> csvs, boolean serialiseAdvised) {
    String key = "datasource-groups";
    String expected = "on/off, recommended, or a list of groups [{ name, vms = [names] }]";
    List<Scenario.DataSourceGroup> groups = new ArrayList<>();
    if (dpm.has(key) && dpm.typed(key, expected, Config::getValue).valueType() == ConfigValueType.LIST) {
      Map<String, Integer> vmIndex = Keys.byName(vms, VmSpec::name);
      Map<Integer, String> grouped = new java.util.HashMap<>();
      dpm.named(key, DATASOURCE_GROUP_KEYS, "DataSourceGroup", Keys.byName(), (g, name) -> {
        List<Integer> members = members(g, vms, vmIndex);
        for (int m : members) {
          String other = grouped.putIfAbsent(m, name);
          if (other != null) throw g.error("vms", "VM '" + vms.get(m).name() + "' is already in DataSourceGroup '" + other + "'");
        }
        groups.add(new Scenario.DataSourceGroup(name, members));
        return name;
      });
      return groups;
    }
    boolean on = dpm.saysRecommended(key) ? serialiseAdvised : dpm.typed(key, expected, Config::getBoolean);
    if (!on) return groups;
    for (int c = 0; c < csvs.size(); c++) {
      List<Integer> members = new ArrayList<>();
      for (int v = 0; v < vms.size(); v++) if (vms.get(v).csv() == c) members.add(v);
      groups.add(new Scenario.DataSourceGroup(csvs.get(c).name(), members));
    }
    return groups;
  }

  /** "*" (every VM) or a list of VM names. */
  private static List<Integer> members(Keys g, List<VmSpec> vms, Map<String, Integer> vmIndex) {
    List<Integer> members = new ArrayList<>();
    ConfigValue vmsValue = g.typed("vms", "\"*\" or a list of VM names", Config::getValue);
    if (vmsValue.valueType() == ConfigValueType.STRING && "*".equals(vmsValue.unwrapped())) {
      for (int v = 0; v < vms.size(); v++) members.add(v);
    } else if (vmsValue.valueType() == ConfigValueType.LIST) {
      ConfigList list = (ConfigList) vmsValue;
      for (int k = 0; k < list.size(); k++) {
        Object raw = list.get(k).unwrapped();
        Integer idx = raw instanceof String s ? vmIndex.get(s) : null;
        if (idx == null) {
          throw g.errorAt("vms", g.path("vms") + ".[" + k + "]", "unknown VM '" + raw + "'" + Keys.didYouMean(String.valueOf(raw), vmIndex.keySet()));
        }
        members.add(idx);
      }
    } else {
      throw g.error("vms", "expected \"*\" or a list of VM names, got " + Keys.describe(vmsValue));
    }
    return members;
  }

  /** A schedule none of whose times comes while the run lasts would back up nothing: say so, and what would fix it. */
  private void withinTheRun(Keys g, List<String> times, List<Long> schedule, long start, long duration) {
    long first = Long.MAX_VALUE;
    int firstIndex = -1;
    for (int k = 0; k < schedule.size(); k++) {
      long offset = Math.floorMod(schedule.get(k) - start, Scenario.DAY);
      if (offset < first) {
        first = offset;
        firstIndex = k;
      }
    }
    if (firstIndex < 0) throw g.error("schedule", "expected at least one time of day, e.g. [\"21:00\"]");
    if (first < duration) return;
    String runStart = root.string("scenario.start-time");
    throw g.error("schedule", "no time of " + times + " falls within the run (from " + runStart + " for "
        + Units.duration(duration) + "), so this group would back up nothing: start the run before " + times.get(firstIndex)
        + " (scenario.start-time), make scenario.duration longer than " + Units.duration(first)
        + ", or set dpm.protection-groups = [] to simulate I/O alone");
  }
}

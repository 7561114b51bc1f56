package io.csvsim.plan;

import com.typesafe.config.ConfigUtil;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an administrator can change, as scenario overrides: DPM's two limits and the VSS provider
 * (settings the planner searches exhaustively); staggered protection groups, VMs placed on their
 * CSV's coordinator and coordinators spread over the nodes (structural moves it tries one at a
 * time); and, marked as purchases, a 10 GbE cluster network and a 10 GbE link to DPM.
 */
public final class Levers {
  private Levers() {}

  /** The names {@code --allow} takes. */
  public static final List<String> ALLOWABLE = List.of("hardware-provider", "stagger", "move-vms", "spread-coordinators", "10gbe-cluster-network",
      "10gbe-dpm-link");

  static final int[] PARALLEL = {1, 2, 3, 4, 5, 6, 7, 8};
  static final String TEN_GBE = "1250MB";

  /** Stage one: every MaxAllowedParallelBackups x DataSourceGroups (x provider, where a hardware provider may be used). */
  static List<Candidate> dpmSettings(Scenario s, Set<String> allowed) {
    List<String> providers = new ArrayList<>(List.of(s.vss().provider().name().toLowerCase(Locale.ROOT)));
    if (allowed.contains("hardware-provider") && s.vss().hardwareAvailable() && s.vss().provider() != Scenario.Provider.HARDWARE) {
      providers.add("hardware");
    }
    List<Candidate> all = new ArrayList<>();
    for (String provider : providers) {
      for (int parallel : PARALLEL) {
        for (boolean groups : new boolean[] {false, true}) {
          Candidate c = Candidate.CURRENT;
          if (!provider.equals(s.vss().provider().name().toLowerCase(Locale.ROOT))) {
            c = c.with("provider", provider, List.of("vss.provider=" + provider), false);
          }
          if (parallel != s.dpm().maxAllowedParallelBackups()) {
            c = c.with("MaxAllowedParallelBackups", Integer.toString(parallel), List.of("dpm.max-allowed-parallel-backups=" + parallel), false);
          }
          if (groups != s.dpm().dataSourceGroups()) {
            c = c.with("DataSourceGroups", groups ? "on" : "off", List.of("dpm.datasource-groups=" + (groups ? "on" : "off")), false);
          }
          if (!all.contains(c)) all.add(c);
          if (groups && s.dpm().dataSourceGroups() && !perCsvGroups(s)) {
            // The scenario's groups are not one per CSV (a stale DataSourceGroups.xml): try them regenerated.
            Candidate fresh = c.with("DataSourceGroups", "regenerated (DSConfig.ps1)", List.of("dpm.datasource-groups=on"), false);
            if (!all.contains(fresh)) all.add(fresh);
          }
        }
      }
    }
    return all;
  }

  /**
   * Stage two: the structural moves allowed and meaningful for this scenario, each applied to
   * {@code base}; a stagger whose last group would start after {@code windowEndsAt} (seconds after
   * the start) cannot meet the target and is not tried.
   */
  static List<Candidate> structural(Scenario s, Candidate base, Set<String> allowed, long windowEndsAt) {
    List<Candidate> next = new ArrayList<>();
    if (allowed.contains("stagger") && !base.settings().containsKey("stagger") && singleSchedule(s)) {
      for (boolean byNode : new boolean[] {false, true}) {
        if ((byNode ? s.nodes().size() : s.csvs().size()) < 2) continue;
        int parts = byNode ? s.nodes().size() : s.csvs().size();
        long firstStart = Math.floorMod(s.dpm().protectionGroups().get(0).scheduleTimesOfDay().get(0) - s.startTimeOfDay(), Scenario.DAY) / Scenario.SECOND;
        for (int minutes : new int[] {30, 60}) {
          if (firstStart + (parts - 1) * minutes * 60L >= windowEndsAt) continue;
          next.add(base.with("stagger", (byNode ? "nodes " : "CSVs ") + minutes + " min apart", List.of(stagger(s, minutes, byNode)), false));
        }
      }
    }
    boolean csv = s.mode() == Scenario.Mode.CSV; // a LUN without CSV belongs to its VMs' node: nothing to move or spread
    if (csv && allowed.contains("move-vms") && !base.settings().containsKey("move-vms")) {
      int[] coordinators = coordinators(s, base);
      int[] nodeOfVm = new int[s.vms().size()];
      boolean moves = false;
      for (int v = 0; v < nodeOfVm.length; v++) {
        nodeOfVm[v] = coordinators[s.vms().get(v).csv()];
        moves |= nodeOfVm[v] != s.vms().get(v).node();
      }
      if (moves) next.add(base.with("move-vms", "onto their CSV's coordinator", topology(s, nodeOfVm, coordinators), false));
    }
    if (csv && allowed.contains("spread-coordinators") && !base.settings().containsKey("spread-coordinators")
        && !base.settings().containsKey("move-vms")) {
      int[] spread = new int[s.csvs().size()];
      for (int c = 0; c < spread.length; c++) spread[c] = c % s.nodes().size();
      int[] current = new int[s.csvs().size()];
      for (int c = 0; c < current.length; c++) current[c] = s.csvs().get(c).coordinator();
      if (!Arrays.equals(spread, current)) {
        int[] nodeOfVm = s.vms().stream().mapToInt(Scenario.VmSpec::node).toArray();
        next.add(base.with("spread-coordinators", "CSV i on node i mod nodes", topology(s, nodeOfVm, spread), false));
      }
    }
    return next;
  }

  /** Purchases, tried when settings alone do not meet the target. */
  static List<Candidate> purchases(Scenario s, Candidate base, Set<String> allowed) {
    List<Candidate> next = new ArrayList<>();
    boolean network = allowed.contains("10gbe-cluster-network") && s.network().bandwidth() < 1_250_000_000L;
    boolean link = allowed.contains("10gbe-dpm-link") && s.dpm().backupNetworkBandwidth() < 1_250_000_000L;
    Candidate n = base.with("10gbe-cluster-network", "buy", List.of("network.bandwidth=" + TEN_GBE), true);
    Candidate l = base.with("10gbe-dpm-link", "buy", List.of("dpm.backup-network.bandwidth=" + TEN_GBE), true);
    if (network) next.add(n);
    if (link) next.add(l);
    if (network && link) next.add(n.with("10gbe-dpm-link", "buy", List.of("dpm.backup-network.bandwidth=" + TEN_GBE), true));
    return next;
  }

  /** The groups are DSConfig.ps1's: one per CSV, holding exactly its VMs. */
  private static boolean perCsvGroups(Scenario s) {
    if (s.dpm().groups().size() != s.csvs().size()) return false;
    for (Scenario.DataSourceGroup g : s.dpm().groups()) {
      int csv = g.vms().isEmpty() ? -1 : s.vms().get(g.vms().get(0)).csv();
      long onCsv = s.vms().stream().filter(v -> v.csv() == csv).count();
      if (csv < 0 || onCsv != g.vms().size() || g.vms().stream().anyMatch(v -> s.vms().get(v).csv() != csv)) return false;
    }
    return true;
  }

  private static boolean singleSchedule(Scenario s) {
    return s.dpm().protectionGroups().size() == 1 && s.dpm().protectionGroups().get(0).scheduleTimesOfDay().size() == 1;
  }

  /** One protection group per CSV (or per node), the k-th starting k x {@code minutes} after the original schedule. */
  private static String stagger(Scenario s, int minutes, boolean byNode) {
    Scenario.ProtectionGroup pg = s.dpm().protectionGroups().get(0);
    long start = pg.scheduleTimesOfDay().get(0) / Scenario.SECOND;
    StringBuilder b = new StringBuilder("dpm.protection-groups=[");
    int k = 0;
    int parts = byNode ? s.nodes().size() : s.csvs().size();
    for (int part = 0; part < parts; part++) {
      List<String> vms = new ArrayList<>();
      for (int v : pg.vms()) {
        if ((byNode ? s.vms().get(v).node() : s.vms().get(v).csv()) == part) vms.add(ConfigUtil.quoteString(s.vms().get(v).name()));
      }
      if (vms.isEmpty()) continue;
      long at = Math.floorMod(start + k++ * minutes * 60L, 86_400L);
      String partName = byNode ? s.nodes().get(part).name() : s.csvs().get(part).name();
      b.append(k == 1 ? "" : ", ").append("{ name = ").append(ConfigUtil.quoteString(pg.name() + "-" + partName))
          .append(", vms = [").append(String.join(", ", vms)).append("], schedule = [\"")
          .append(String.format(Locale.ROOT, "%02d:%02d:%02d", at / 3600, at / 60 % 60, at % 60)).append("\"] }");
    }
    return b.append(']').toString();
  }

  /** The coordinators the candidate leaves each CSV with. */
  private static int[] coordinators(Scenario s, Candidate base) {
    int[] c = new int[s.csvs().size()];
    for (int i = 0; i < c.length; i++) c[i] = base.settings().containsKey("spread-coordinators") ? i % s.nodes().size() : s.csvs().get(i).coordinator();
    return c;
  }

  /** The whole topology, explicit (a generated one too), with these VM hosts and coordinators. */
  static List<String> topology(Scenario s, int[] nodeOfVm, int[] coordinators) {
    StringBuilder nodes = new StringBuilder("cluster.nodes=[");
    for (int n = 0; n < s.nodes().size(); n++) nodes.append(n == 0 ? "" : ", ").append("{ name = ").append(ConfigUtil.quoteString(s.nodes().get(n).name())).append(" }");
    StringBuilder csvs = new StringBuilder("cluster.csvs=[");
    for (int c = 0; c < s.csvs().size(); c++) {
      csvs.append(c == 0 ? "" : ", ").append("{ name = ").append(ConfigUtil.quoteString(s.csvs().get(c).name())).append(", coordinator = ")
          .append(ConfigUtil.quoteString(s.nodes().get(coordinators[c]).name())).append(" }");
    }
    StringBuilder vms = new StringBuilder("cluster.vms=[");
    for (int v = 0; v < s.vms().size(); v++) {
      Scenario.VmSpec vm = s.vms().get(v);
      vms.append(v == 0 ? "" : ", ").append("{ name = ").append(ConfigUtil.quoteString(vm.name()))
          .append(", node = ").append(ConfigUtil.quoteString(s.nodes().get(nodeOfVm[v]).name()))
          .append(", csv = ").append(ConfigUtil.quoteString(s.csvs().get(vm.csv()).name()))
          .append(", size = ").append(vm.sizeBytes()).append("B, iops = ").append(vm.iops())
          .append(", read-ratio = ").append(vm.readRatio()).append(", io-size = ").append(vm.ioSizeBytes())
          .append("B, arrival = ").append(vm.arrival().name().toLowerCase(Locale.ROOT))
          .append(", daily-profile = ").append(Arrays.toString(vm.hourlyProfile()))
          .append(", daily-change-rate = ").append(vm.dailyChangeRate())
          .append(", backup-mode = ").append(vm.backupMode().name().toLowerCase(Locale.ROOT))
          .append(vm.id() == null ? "" : ", id = " + ConfigUtil.quoteString(vm.id())).append(" }");
    }
    return List.of(nodes.append(']').toString(), csvs.append(']').toString(), vms.append(']').toString());
  }
}

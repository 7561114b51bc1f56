package io.csvsim.scenario;

import io.csvsim.scenario.Scenario.Arrival;
import io.csvsim.scenario.Scenario.BackupMode;
import io.csvsim.scenario.Scenario.CsvSpec;
import io.csvsim.scenario.Scenario.Mode;
import io.csvsim.scenario.Scenario.NodeSpec;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Reads the cluster section: nodes, volumes and VMs, written out one by one or generated. */
final class TopologyReader {

  record Topology(List<NodeSpec> nodes, List<CsvSpec> csvs, List<VmSpec> vms) {
    Topology {
      nodes = List.copyOf(nodes);
      csvs = List.copyOf(csvs);
      vms = List.copyOf(vms);
    }
  }

  private static final long MAX_VHD = 2L << 40;
  private static final Set<String> NODE_KEYS = Set.of("name");
  private static final Set<String> CSV_KEYS = Set.of("name", "coordinator");

  private final Keys root;
  private final Keys cluster;
  private final Keys vmDefaults;

  TopologyReader(Keys root) {
    this.root = root;
    this.cluster = root.at("cluster");
    this.vmDefaults = cluster.at("vm-defaults");
  }

  Topology read(Mode mode, long seed) {
    List<Keys> nodeEntries = cluster.list("nodes");
    // vm-defaults must be valid on its own, even where every VM sets its own values.
    vm("vm-defaults", 0, 0, vmDefaults, -1, -1);
    Topology t = nodeEntries.isEmpty() ? generated(mode, seed) : explicit();
    if (t.nodes().isEmpty()) throw root.error("cluster", "empty topology: expected cluster.nodes or cluster.generate.nodes > 0");
    if (t.csvs().isEmpty()) throw root.error("cluster", "no volumes: expected cluster.csvs or cluster.generate.csvs > 0");
    if (t.vms().isEmpty()) throw root.error("cluster", "no VMs: expected cluster.vms or cluster.generate.vms > 0");
    if (mode == Mode.NON_CSV) {
      for (int v = 0; v < t.vms().size(); v++) {
        VmSpec vm = t.vms().get(v);
        if (t.csvs().get(vm.csv()).coordinator() != vm.node()) {
          throw root.errorAt("cluster.vms", "cluster.vms.[" + v + "]", "in non-csv mode a VM's volume must be owned by its node; "
              + vm.name() + " runs on " + t.nodes().get(vm.node()).name() + " but " + t.csvs().get(vm.csv()).name()
              + " belongs to " + t.nodes().get(t.csvs().get(vm.csv()).coordinator()).name());
        }
      }
    }
    return t;
  }

  private Topology explicit() {
    Map<String, Integer> nodeIndex = Keys.byName();
    List<NodeSpec> nodes = cluster.named("nodes", NODE_KEYS, "node", nodeIndex, (n, name) -> new NodeSpec(name));
    Map<String, Integer> csvIndex = Keys.byName();
    List<CsvSpec> csvs = cluster.named("csvs", CSV_KEYS, "volume", csvIndex,
        (v, name) -> new CsvSpec(name, v.reference("coordinator", nodeIndex, "node")));
    Set<String> vmKeys = new HashSet<>(vmDefaults.keySet());
    vmKeys.addAll(List.of("name", "node", "csv", "id"));
    List<VmSpec> vms = cluster.named("vms", vmKeys, "VM", Keys.byName(), (v, name) -> {
      VmSpec vm = vm(name, v.reference("node", nodeIndex, "node"), v.reference("csv", csvIndex, "volume"), v, -1, -1);
      return v.has("id") ? vm.withId(v.string("id")) : vm;
    });
    return new Topology(nodes, csvs, vms);
  }

  private Topology generated(Mode mode, long seed) {
    Keys g = cluster.at("generate");
    int nodeCount = g.integer("nodes", 0, 64);
    int csvCount = g.integer("csvs", 0, 4096);
    int vmCount = g.integer("vms", 0, 1_000_000);
    long sizeMin = g.bytes("size-min", 1, MAX_VHD);
    long sizeMax = g.bytes("size-max", sizeMin, MAX_VHD);
    double iopsMin = g.number("iops-min", 0, 1e6, false);
    double iopsMax = g.number("iops-max", iopsMin, 1e6, false);
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) nodes.add(new NodeSpec(String.format("node-%02d", i + 1)));
    if (mode == Mode.NON_CSV) csvCount = nodeCount; // one LUN per node
    List<CsvSpec> csvs = new ArrayList<>();
    String prefix = mode == Mode.NON_CSV ? "lun-" : "csv-";
    for (int i = 0; i < csvCount; i++) csvs.add(new CsvSpec(String.format(prefix + "%02d", i + 1), nodeCount == 0 ? 0 : i % nodeCount));
    List<VmSpec> vms = new ArrayList<>();
    if (nodeCount == 0 || csvCount == 0) return new Topology(nodes, csvs, vms);
    SplittableRandom random = new SplittableRandom(seed ^ 0x5eed_70b0L);
    for (int i = 0; i < vmCount; i++) {
      int node = i % nodeCount;
      // Consecutive rounds over the nodes go to the next CSV, so every CSV holds VMs of many nodes.
      int csv = mode == Mode.NON_CSV ? node : (i / nodeCount) % csvCount;
      long size = sizeMin + (long) (random.nextDouble() * (sizeMax - sizeMin));
      double iops = iopsMin + random.nextDouble() * (iopsMax - iopsMin);
      vms.add(vm(String.format("vm-%04d", i + 1), node, csv, vmDefaults, size, iops));
    }
    return new Topology(nodes, csvs, vms);
  }

  /** A VM's settings: its own keys, else vm-defaults; an error names the path where the value was written. */
  private VmSpec vm(String name, int node, int csv, Keys own, long sizeOverride, double iopsOverride) {
    java.util.function.Function<String, Keys> from = key -> own.has(key) ? own : vmDefaults;
    long size = sizeOverride >= 0 ? sizeOverride : from.apply("size").bytes("size", 1, MAX_VHD);
    double iops = iopsOverride >= 0 ? iopsOverride : from.apply("iops").number("iops", 0, 1e6, false);
    double read = from.apply("read-ratio").number("read-ratio", 0, 1, false);
    long ioSize = from.apply("io-size").bytes("io-size", 512, 64L << 20);
    Arrival arrival = from.apply("arrival").choice("arrival", Arrival.class);
    Keys p = from.apply("daily-profile");
    List<Double> profile = p.typed("daily-profile", "a list of 24 numbers", com.typesafe.config.Config::getDoubleList);
    if (!profile.isEmpty() && profile.size() != 24) throw p.error("daily-profile", "expected 24 hourly factors or [], got " + profile.size());
    double[] hourly = new double[profile.size()];
    for (int h = 0; h < hourly.length; h++) {
      hourly[h] = profile.get(h);
      if (!(hourly[h] >= 0)) throw p.error("daily-profile", "expected factors >= 0, got " + hourly[h] + " at hour " + h);
    }
    double change = from.apply("daily-change-rate").number("daily-change-rate", 0, 1, false);
    BackupMode mode = from.apply("backup-mode").choice("backup-mode", BackupMode.class);
    return new VmSpec(name, node, csv, size, iops, read, (int) ioSize, arrival, hourly, change, mode, null);
  }
}

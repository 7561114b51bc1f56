package io.csvsim.scenario;

import io.csvsim.scenario.Scenario.DpmSpec;
import io.csvsim.scenario.Scenario.FailoverSpec;
import io.csvsim.scenario.Scenario.FaultSpec;
import io.csvsim.scenario.Scenario.Mode;
import io.csvsim.scenario.Scenario.Platform;
import io.csvsim.scenario.Scenario.NetworkSpec;
import io.csvsim.scenario.Scenario.Provider;
import io.csvsim.scenario.Scenario.ServiceTime;
import io.csvsim.scenario.Scenario.StorageSpec;
import io.csvsim.scenario.Scenario.VssSpec;
import io.csvsim.scenario.TopologyReader.Topology;
import java.util.List;

/** Reads the merged config below csvsim into a Scenario, one section at a time. */
final class ScenarioReader {

  private final Keys root;
  private final List<String> overrides;
  private final java.util.function.Predicate<String> userSet; // the scenario or an override sets this key (not reference.conf)

  ScenarioReader(Keys root, List<String> overrides, java.util.function.Predicate<String> userSet) {
    this.root = root;
    this.overrides = overrides;
    this.userSet = userSet;
  }

  Scenario read() {
    Keys s = root.at("scenario");
    String name = s.string("name");
    long seed = s.typed("seed", "a whole number", com.typesafe.config.Config::getLong);
    if (s.value("seed").unwrapped() instanceof Double d && d != Math.rint(d)) throw s.error("seed", "expected a whole number, got " + d);
    long start = s.timeOfDay("start-time");
    long duration = s.micros("duration", Scenario.SECOND, 366 * Scenario.DAY);
    Mode mode = s.choice("mode", Mode.class);
    Platform platform = s.choice("platform", Platform.values(), Platform::label);
    boolean patched = s.bool("patched");
    long tick = root.micros("io.tick", 1000, 3600 * Scenario.SECOND);
    long bucket = root.micros("report.bucket", Scenario.SECOND, Scenario.DAY);
    if (duration / bucket > 100_000) {
      throw root.error("report.bucket", "expected at most 100,000 buckets over scenario.duration, got "
          + duration / bucket + "; use a wider bucket");
    }
    StorageSpec storage = storage(root.at("storage"));
    NetworkSpec network = network(root.at("network"));
    long pathDelay = network.latency() + storage.fabricLatency();
    if (tick < 4 * pathDelay) {
      throw root.error("io.tick", "expected at least 4 x (network.latency + storage.fabric-latency) = "
          + 4 * pathDelay + "us so that a tick's bursts meet at the array, got " + tick + "us");
    }
    long move = root.micros("csv.ownership-move-time", 1, 3600 * Scenario.SECOND);
    long autoClear = root.micros("csv.auto-clear-time", 1, Scenario.DAY);
    VssSpec vss = vss(root.at("vss"), platform);
    long batchWindow = root.micros("csv.snapshot-batch-window", 0, 3600 * Scenario.SECOND);
    FailoverSpec failover = failover(root.at("cluster.failover"));

    Topology topology = new TopologyReader(root).read(mode, seed);
    DpmSpec dpm = new DpmReader(root).read(topology.vms(), topology.csvs(), vss.provider(), platform, start, duration);
    List<FaultSpec> faults = new FaultReader(root).read(topology, start, duration, seed);
    List<Scenario.MaintenanceSpec> maintenance = new MaintenanceReader(root).read(topology, mode, start, duration);
    List<String> warnings = new PlatformCheck(platform, userSet).warnings(mode, topology, dpm);
    return new Scenario(name, root.origins().source(), seed, mode, platform, patched, start, duration, tick, bucket,
        topology.nodes(), topology.csvs(), topology.vms(), storage, network, move, autoClear, failover, vss, dpm, faults, maintenance,
        batchWindow, overrides, warnings);
  }

  private static StorageSpec storage(Keys k) {
    return new StorageSpec(
        k.number("max-iops", 0, 1e9, true),
        k.bandwidth("bandwidth"),
        k.micros("base-latency", 0, 10 * Scenario.SECOND),
        k.micros("fabric-latency", 1, Scenario.SECOND),
        k.number("write-cost", 1, 100, false),
        k.choice("service-time", ServiceTime.class));
  }

  private static NetworkSpec network(Keys k) {
    return new NetworkSpec(
        k.bandwidth("bandwidth"),
        k.micros("latency", 1, Scenario.SECOND),
        k.micros("per-op-overhead", 0, Scenario.SECOND),
        k.choice("service-time", ServiceTime.class),
        k.micros("block-redirect-per-op-overhead", 0, Scenario.SECOND));
  }

  private static VssSpec vss(Keys k, Platform platform) {
    Provider provider = k.choice("provider", Provider.class);
    long software = k.micros("software.snapshot-time", 1, 3600 * Scenario.SECOND);
    long hardware = k.micros("hardware.snapshot-time", 1, 3600 * Scenario.SECOND);
    long autoRecovery = k.micros("auto-recovery-time", 0, 3600 * Scenario.SECOND);
    if (autoRecovery >= Math.min(software, hardware)) {
      throw k.error("auto-recovery-time", "expected less than both snapshot times (it is part of them), got "
          + autoRecovery / 1e6 + " s against " + Math.min(software, hardware) / 1e6 + " s");
    }
    return new VssSpec(
        provider,
        software,
        hardware,
        k.micros("freeze-thaw-timeout", Scenario.SECOND, 3600 * Scenario.SECOND),
        k.micros("flush-and-hold-timeout", Scenario.SECOND, 3600 * Scenario.SECOND),
        k.bool("hardware-available") || provider == Provider.HARDWARE,
        autoRecovery,
        platform.hostAutoRecovery());
  }

  private static FailoverSpec failover(Keys k) {
    return new FailoverSpec(
        k.micros("detection-time", Scenario.SECOND / 10, 3600 * Scenario.SECOND),
        k.micros("vm-restart-time", Scenario.SECOND, 3600 * Scenario.SECOND),
        k.micros("csv-failover-time", 1000, 3600 * Scenario.SECOND),
        k.micros("live-migration-time", Scenario.SECOND, 3600 * Scenario.SECOND));
  }
}

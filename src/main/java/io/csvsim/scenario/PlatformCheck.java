package io.csvsim.scenario;

import io.csvsim.scenario.Scenario.DpmSpec;
import io.csvsim.scenario.Scenario.Mode;
import io.csvsim.scenario.Scenario.Platform;
import io.csvsim.scenario.TopologyReader.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a scenario sets that its platform ignores or does not support. Warnings, not errors: the
 * same file must run as every platform ({@code compare --vary platform=...}), and an engineer may
 * simulate a cluster beyond the supported limits on purpose.
 */
final class PlatformCheck {
  private final Platform platform;
  private final Predicate<String> userSet;

  PlatformCheck(Platform platform, Predicate<String> userSet) {
    this.platform = platform;
    this.userSet = userSet;
  }

  List<String> warnings(Mode mode, Topology topology, DpmSpec dpm) {
    List<String> warnings = new ArrayList<>();
    String name = platform.windowsName;
    if (topology.nodes().size() > platform.maxNodes) {
      warnings.add("cluster: " + topology.nodes().size() + " nodes, beyond " + name + "'s supported " + platform.maxNodes
          + " per failover cluster: the run goes on, but no such cluster is supported");
    }
    if (topology.vms().size() > platform.maxVms) {
      warnings.add("cluster: " + topology.vms().size() + " VMs, beyond " + name + "'s supported " + platform.maxVms
          + " per failover cluster: the run goes on, but no such cluster is supported");
    }
    if (mode == Mode.NON_CSV) return warnings;
    if (platform.csv2()) {
      if (userSet.test("scenario.patched")) {
        warnings.add("scenario.patched: ignored on " + name + ": KB975354 fixes 2008 R2, where a CSV held by one node's"
            + " backup refused or held the others; CSV 2.0 backs up a volume's VMs together");
      }
      if (!dpm.groups().isEmpty()) {
        warnings.add("dpm.datasource-groups: DPM 2012 SP1 backs up a CSV's VMs in parallel; the groups still serialise"
            + " what they list, as DPM 2010 needed on 2008 R2 (drop them to let CSV 2.0 batch the volume's VMs)");
      }
    } else {
      if (userSet.test("network.block-redirect-per-op-overhead")) {
        warnings.add("network.block-redirect-per-op-overhead: ignored on " + name + ", which redirects at file-system level"
            + " (network.per-op-overhead); block-level redirection came with 2012");
      }
      if (userSet.test("csv.snapshot-batch-window")) {
        warnings.add("csv.snapshot-batch-window: ignored on " + name + ": each backup takes its own snapshot; one snapshot"
            + " per CSV for the VMs backed up together came with 2012");
      }
    }
    return warnings;
  }
}

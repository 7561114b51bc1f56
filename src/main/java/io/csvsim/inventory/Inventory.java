package io.csvsim.inventory;

import java.util.List;

/**
 * A cluster as an administrator exported it: one row per VM with its owner node, its CSV and the
 * size of its VHDs; IOPS and read ratio where the inventory had them (null otherwise). Nodes and
 * CSVs are in the order the rows first name them.
 */
public record Inventory(String source, List<Vm> vms, List<String> nodes, List<String> csvs) {

  public Inventory {
    vms = List.copyOf(vms);
    nodes = List.copyOf(nodes);
    csvs = List.copyOf(csvs);
  }

  public record Vm(String name, String node, String csv, long sizeBytes, Double iops, Double readRatio, String id) {}
}

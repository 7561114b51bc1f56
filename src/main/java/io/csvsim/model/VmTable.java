package io.csvsim.model;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.VmSpec;

/** Per-VM constants of the I/O path, computed once per actor so the per-op loops read arrays only. */
final class VmTable {
  final double[] readServiceMicros;
  final double[] writeServiceMicros;
  final double[] readRatio;
  final double[] nicServiceMicros;
  final int[] ioSize;
  final boolean[] constantArrival;
  final int[] csv;

  VmTable(Scenario scenario) {
    int n = scenario.vms().size();
    readServiceMicros = new double[n];
    writeServiceMicros = new double[n];
    readRatio = new double[n];
    nicServiceMicros = new double[n];
    ioSize = new int[n];
    constantArrival = new boolean[n];
    csv = new int[n];
    for (int v = 0; v < n; v++) {
      VmSpec vm = scenario.vms().get(v);
      readServiceMicros[v] = scenario.storage().meanServiceMicros(vm.ioSizeBytes(), false);
      writeServiceMicros[v] = scenario.storage().meanServiceMicros(vm.ioSizeBytes(), true);
      readRatio[v] = vm.readRatio();
      nicServiceMicros[v] = scenario.network().meanServiceMicros(vm.ioSizeBytes());
      ioSize[v] = vm.ioSizeBytes();
      constantArrival[v] = vm.arrival() == Scenario.Arrival.CONSTANT;
      csv[v] = vm.csv();
    }
  }
}

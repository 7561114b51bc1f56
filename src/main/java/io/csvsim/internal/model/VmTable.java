package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.VmSpec;

/** Per-VM constants of the I/O path, computed once per actor so the per-op loops read arrays only. */
final class VmTable {
  final double[] readServiceMicros;
  final double[] writeServiceMicros;
  final double[] serviceByKind; // [2 vm]: read, [2 vm + 1]: write, so the per-op choice is an index
  final boolean[] hourly; // the VM's IOPS follow a daily profile
  final double[] readRatio;
  final double[] nicServiceMicros;
  final double[] nicBlockServiceMicros; // at the coordinator's NIC when redirected at block level (2012)
  final int[] ioSize;
  final boolean[] constantArrival;
  final int[] csv;

  VmTable(Scenario scenario) {
    int n = scenario.vms().size();
    readServiceMicros = new double[n];
    writeServiceMicros = new double[n];
    serviceByKind = new double[2 * n];
    hourly = new boolean[n];
    readRatio = new double[n];
    nicServiceMicros = new double[n];
    nicBlockServiceMicros = new double[n];
    ioSize = new int[n];
    constantArrival = new boolean[n];
    csv = new int[n];
    for (int v = 0; v < n; v++) {
      VmSpec vm = scenario.vms().get(v);
      readServiceMicros[v] = scenario.storage().meanServiceMicros(vm.ioSizeBytes(), false);
      writeServiceMicros[v] = scenario.storage().meanServiceMicros(vm.ioSizeBytes(), true);
      serviceByKind[2 * v] = readServiceMicros[v];
      serviceByKind[2 * v + 1] = writeServiceMicros[v];
      hourly[v] = vm.hourlyProfile().length > 0;
      readRatio[v] = vm.readRatio();
      nicServiceMicros[v] = scenario.network().meanServiceMicros(vm.ioSizeBytes());
      nicBlockServiceMicros[v] = scenario.network().meanBlockServiceMicros(vm.ioSizeBytes());
      ioSize[v] = vm.ioSizeBytes();
      constantArrival[v] = vm.arrival() == Scenario.Arrival.CONSTANT;
      csv[v] = vm.csv();
    }
  }
}

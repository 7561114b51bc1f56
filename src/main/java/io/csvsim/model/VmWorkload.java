package io.csvsim.model;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ops a node's VMs issue over one tick, born in time order. The Poisson VMs' ops are one
 * Poisson stream at their summed rate, each op drawn to a VM in proportion to its rate (an alias
 * table): the same independent per-VM Poisson processes, with no sort. VMs with evenly spaced
 * (constant) arrivals are merged in by a sort, only in ticks that have any.
 */
final class VmWorkload {
  private static final int VM_BITS = 21;
  private static final double MAX_OPS_PER_TICK = 1 << 24; // a run of this many ops takes about half a GB
  private final Scenario scenario;
  private final String nodeName;
  private final SplittableRandom random;
  private final double[] carry; // constant arrivals: the fraction of an op owed to the next tick

  // The alias table of the Poisson VMs' rates, rebuilt when a rate or the set of VMs changes.
  private int[] poissonVms = new int[0];
  private double[] rates = new double[0];
  private double totalRate;
  private double[] aliasProbability = new double[0];
  private int[] aliasOther = new int[0];

  // The tick's ops, in issue order.
  int size;
  int[] vm = new int[256];
  long[] issued = new long[256];

  VmWorkload(Scenario scenario, String nodeName, SplittableRandom random) {
    this.scenario = scenario;
    this.nodeName = nodeName;
    this.random = random;
    this.carry = new double[scenario.vms().size()];
  }

  /** A VM (re)starts on this node: it owes nothing from an earlier stay. */
  void started(int vm) {
    carry[vm] = 0;
  }

  /** Draws the ops that {@code active} VMs issue over the tick [now, now + tick). */
  void issue(int[] active, long now, long tick) {
    size = 0;
    preparePoisson(active, now, tick);
    if (totalRate > MAX_OPS_PER_TICK) {
      throw new IllegalStateException(nodeName + ": more than " + (long) MAX_OPS_PER_TICK + " ops in one tick; use a smaller io.tick");
    }
    if (totalRate > 0) {
      double meanGap = tick / totalRate;
      double t = Sampling.exponential(random, meanGap);
      int n = poissonVms.length;
      while (t < tick) {
        double u = random.nextDouble() * n;
        int column = (int) u;
        int pick = u - column < aliasProbability[column] ? column : aliasOther[column];
        append(poissonVms[pick], now + (long) t);
        t += Sampling.exponential(random, meanGap);
      }
    }
    boolean constant = false;
    for (int v : active) {
      VmSpec spec = scenario.vms().get(v);
      if (spec.arrival() != Scenario.Arrival.CONSTANT) continue;
      carry[v] += spec.iopsAt(scenario.startTimeOfDay(), now) * tick / Scenario.SECOND;
      int count = (int) carry[v];
      carry[v] -= count;
      for (int j = 0; j < count; j++) append(v, now + (long) ((j + 0.5) * tick / count));
      constant |= count > 0;
    }
    if (constant) sortByIssue();
  }

  private void append(int v, long at) {
    if (size == vm.length) {
      vm = Arrays.copyOf(vm, size * 2);
      issued = Arrays.copyOf(issued, size * 2);
    }
    vm[size] = v;
    issued[size] = at;
    size++;
  }

  /** Rates of the Poisson VMs for this tick (ops per tick); rebuilds the alias table if they changed. */
  private void preparePoisson(int[] active, long now, long tick) {
    int n = 0;
    for (int v : active) if (scenario.vms().get(v).arrival() == Scenario.Arrival.POISSON) n++;
    int[] vms = new int[n];
    double[] r = new double[n];
    int k = 0;
    for (int v : active) {
      VmSpec spec = scenario.vms().get(v);
      if (spec.arrival() != Scenario.Arrival.POISSON) continue;
      vms[k] = v;
      r[k++] = spec.iopsAt(scenario.startTimeOfDay(), now) * tick / Scenario.SECOND;
    }
    if (Arrays.equals(vms, poissonVms) && Arrays.equals(r, rates)) return;
    poissonVms = vms;
    rates = r;
    buildAlias();
  }

  /** Vose's alias method: O(1) draws of a VM in proportion to its rate. */
  private void buildAlias() {
    int n = rates.length;
    totalRate = 0;
    for (double r : rates) totalRate += r;
    aliasProbability = new double[n];
    aliasOther = new int[n];
    if (totalRate <= 0) return;
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int smalls = 0;
    int larges = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = rates[i] * n / totalRate;
      if (scaled[i] < 1) small[smalls++] = i;
      else large[larges++] = i;
    }
    while (smalls > 0 && larges > 0) {
      int s = small[--smalls];
      int l = large[--larges];
      aliasProbability[s] = scaled[s];
      aliasOther[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[smalls++] = l;
      else large[larges++] = l;
    }
    while (larges > 0) aliasProbability[large[--larges]] = 1;
    while (smalls > 0) aliasProbability[small[--smalls]] = 1; // rounding leftovers
  }

  /** Orders the tick's ops by issue time (ties: VM), for ticks where constant VMs joined the stream. */
  private void sortByIssue() {
    long[] keys = new long[size];
    long base = issued[0];
    for (int i = 0; i < size; i++) base = Math.min(base, issued[i]);
    // A tick is at most an hour (< 2^32 µs) and VMs number at most a million (< 2^21).
    for (int i = 0; i < size; i++) keys[i] = ((issued[i] - base) << VM_BITS) | vm[i];
    Arrays.sort(keys);
    for (int i = 0; i < size; i++) {
      issued[i] = base + (keys[i] >>> VM_BITS);
      vm[i] = (int) (keys[i] & ((1L << VM_BITS) - 1));
    }
  }
}

package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.VmSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The ops a node's VMs issue over one tick, born in time order. The Poisson VMs' ops are one
 * Poisson stream at their summed rate, each op drawn to a VM in proportion to its rate (an alias
 * table): the same independent per-VM Poisson processes, with no sort. The draws are Apache
 * Commons RNG's samplers (ziggurat exponential gaps, the alias method) over the node's seeded
 * generator: a log per op cost more than everything else an op needs at its node. VMs with evenly spaced
 * (constant) arrivals are merged in by a sort, only in ticks that have any.
 */
final class VmWorkload {
  private static final double MAX_OPS_PER_TICK = 1 << 24; // a run of this many ops takes about half a GB
  private final Scenario scenario;
  private final VmTable table;
  private final boolean exponentialService;
  private final String nodeName;
  private final UniformRandomProvider random;
  private final ContinuousSampler exponential;
  private final double[] carry; // constant arrivals: the fraction of an op owed to the next tick

  // The alias table of the Poisson VMs' rates, rebuilt when a rate or the set of VMs changes.
  private int[] poissonVms = new int[0];
  private double[] rates = new double[0];
  private double totalRate;
  private DiscreteSampler pickVm;
  private int[] preparedFor; // the active VMs the table was last prepared for (the node keeps the array while they stay)
  private long preparedTick;

  // The tick's ops, in issue order.
  int size;
  int[] vm = new int[256];
  long[] issued = new long[256];
  float[] service = new float[256];

  VmWorkload(Scenario scenario, VmTable table, String nodeName, SplittableRandom random) {
    this.scenario = scenario;
    this.table = table;
    this.exponentialService = scenario.storage().serviceTime() == Scenario.ServiceTime.EXPONENTIAL;
    this.nodeName = nodeName;
    this.random = random::nextLong;
    this.exponential = ZigguratSampler.Exponential.of(this.random);
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
      double t = meanGap * exponential.sample();
      while (t < tick) {
        append(poissonVms[pickVm.sample()], now + (long) t);
        t += meanGap * exponential.sample();
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
      service = Arrays.copyOf(service, size * 2);
    }
    // A write when the draw is past the read ratio: the sign of their difference, no branch to mispredict.
    int write = (int) (Double.doubleToRawLongBits(table.readRatio[v] - random.nextDouble()) >>> 63);
    double mean = table.serviceByKind[2 * v + write];
    vm[size] = v;
    issued[size] = at;
    service[size] = (float) (exponentialService ? mean * exponential.sample() : mean);
    size++;
  }

  /** Rates of the Poisson VMs for this tick (ops per tick); rebuilds the alias table if they changed. */
  private void preparePoisson(int[] active, long now, long tick) {
    boolean hourly = false;
    for (int v : active) hourly |= table.hourly[v];
    if (!hourly && active == preparedFor && tick == preparedTick) return; // the same VMs at the same rates
    preparedFor = active;
    preparedTick = tick;
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

  /** O(1) draws of a VM in proportion to its rate (the alias method). */
  private void buildAlias() {
    totalRate = 0;
    for (double r : rates) totalRate += r;
    pickVm = totalRate > 0 ? AliasMethodDiscreteSampler.of(random, rates) : null;
  }

  /** Orders the tick's ops by issue time (ties: VM), for ticks where constant VMs joined the stream. */
  private void sortByIssue() {
    // Ops of one VM at one time are alike but for read or write: keep each one's service with it.
    float[] was = Arrays.copyOf(service, size);
    int[] wasVm = Arrays.copyOf(vm, size);
    long[] wasIssued = Arrays.copyOf(issued, size);
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> wasIssued[a] != wasIssued[b] ? Long.compare(wasIssued[a], wasIssued[b]) : Integer.compare(wasVm[a], wasVm[b]));
    for (int i = 0; i < size; i++) {
      issued[i] = wasIssued[order[i]];
      vm[i] = wasVm[order[i]];
      service[i] = was[order[i]];
    }
  }
}

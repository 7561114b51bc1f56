package io.csvsim.internal.result;

import io.csvsim.result.SimulationResult;

import io.csvsim.result.SimulationResult.Access;
import io.csvsim.internal.model.DpmServer;
import io.csvsim.internal.model.HyperVNode;
import io.csvsim.internal.model.LatencyBins;
import io.csvsim.internal.model.LatencyBuckets;
import io.csvsim.internal.model.StorageArray;
import io.csvsim.result.SimulationResult.AccessPeriod;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.CsvSeries;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.NodeSeries;
import io.csvsim.result.SimulationResult.Timeline;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Builds the run's time series from the actors' buckets, the jobs and the CSVs' access periods. */
final class TimelineAssembler {
  private TimelineAssembler() {}

  /** How many of the most affected VMs (worst redirected p99) get their own latency series. */
  static final int MOST_AFFECTED = 5;

  static Timeline assemble(Scenario scenario, List<HyperVNode.Stats> nodes, StorageArray.Stats storage, DpmServer.Stats dpm,
      List<JobResult> jobs, List<CsvResult> csvs, List<SimulationResult.VmResult> vms) {
    int n = scenario.bucketCount();
    double width = scenario.bucket() / (double) Scenario.SECOND;
    double[] queued = new double[n];
    double[] waiting = new double[n];
    double[] active = new double[n];
    for (JobResult j : jobs) {
      spread(queued, j.queuedAt(), j.startedAt() != null ? j.startedAt() : j.endedAt(), width, 1.0);
      if (j.startedAt() == null) continue;
      spread(waiting, j.startedAt(), j.preparedAt() != null ? j.preparedAt() : j.endedAt(), width, 1.0);
      if (j.preparedAt() != null) spread(active, j.preparedAt(), j.endedAt(), width, 1.0);
    }
    double[] iops = new double[n];
    double[] mbps = new double[n];
    double[] storageUtil = new double[n];
    double[] backupUtil = new double[n];
    for (int b = 0; b < n; b++) {
      iops[b] = storage.opsPerBucket()[b] / width;
      mbps[b] = storage.bytesPerBucket()[b] / width / 1e6;
      storageUtil[b] = storage.busyMicrosPerBucket()[b] / scenario.bucket();
      backupUtil[b] = dpm.bytesPerBucket()[b] / (scenario.dpm().backupNetworkBandwidth() * width);
    }
    double[][] direct = percentiles(n, nodes, b -> merge(nodes, b, false));
    double[][] redirected = percentiles(n, nodes, b -> merge(nodes, b, true));

    List<NodeSeries> nodeSeries = new ArrayList<>();
    double overhead = scenario.network().perOpOverhead();
    for (HyperVNode.Stats s : nodes) {
      double[] nic = new double[n];
      double[] cpu = new double[n];
      for (int b = 0; b < n; b++) {
        nic[b] = s.nicBusyMicrosPerBucket()[b] / scenario.bucket();
        cpu[b] = s.redirectServedOpsPerBucket()[b] * overhead / scenario.bucket();
      }
      nodeSeries.add(new NodeSeries(scenario.nodes().get(s.node()).name(), nic, cpu));
    }
    List<CsvSeries> csvSeries = new ArrayList<>();
    for (CsvResult c : csvs) {
      double[] share = new double[n];
      String[] coordinator = new String[n];
      for (AccessPeriod p : c.accessPeriods()) {
        if (p.access() == Access.REDIRECTED) spread(share, p.from(), p.to(), width, 1.0);
        int last = Math.min(n - 1, (int) Math.ceil(p.to() / width) - 1);
        for (int b = Math.max(0, (int) (p.from() / width)); b <= last; b++) coordinator[b] = p.coordinator();
      }
      double[] maintenance = new double[n];
      for (SimulationResult.MaintenanceResult m : c.maintenance()) if (m.from() != null) spread(maintenance, m.from(), m.to(), width, 1.0);
      csvSeries.add(new CsvSeries(c.name(), share, coordinator, maintenance));
    }
    List<Integer> worst = java.util.stream.IntStream.range(0, vms.size()).boxed().filter(v -> vms.get(v).redirectedOps() > 0)
        .sorted(java.util.Comparator.comparingDouble((Integer v) -> vms.get(v).latencyMs().redirected().p99()).reversed())
        .limit(MOST_AFFECTED).toList();
    List<SimulationResult.VmSeries> vmSeries = new ArrayList<>();
    for (int v : worst) {
      double[][] vmDirect = vmPercentiles(nodes, v, false, n);
      double[][] vmRedirected = vmPercentiles(nodes, v, true, n);
      vmSeries.add(new SimulationResult.VmSeries(vms.get(v).name(), vmDirect[0], vmDirect[1], vmRedirected[0], vmRedirected[1]));
    }
    return new Timeline(width, queued, waiting, active, iops, mbps, storageUtil, backupUtil, direct[0], direct[1], redirected[0],
        redirected[1], nodeSeries, csvSeries, vmSeries);
  }

  /**
   * A VM's p50 and p99 per bucket on a path, ms. In a bucket where it ran on several nodes (it moved)
   * the node that saw most of its ops speaks for it: per-node percentiles cannot be merged exactly.
   */
  private static double[][] vmPercentiles(List<HyperVNode.Stats> nodes, int vm, boolean redirected, int n) {
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    java.util.Arrays.fill(p50, Double.NaN);
    java.util.Arrays.fill(p99, Double.NaN);
    for (int b = 0; b < n; b++) {
      int most = 0;
      for (HyperVNode.Stats s : nodes) {
        LatencyBuckets l = s.latencyOverTime();
        int count = l.vmCount(vm, redirected, b);
        if (count > most) {
          most = count;
          p50[b] = l.vmP50Micros(vm, redirected, b) / 1000.0;
          p99[b] = l.vmP99Micros(vm, redirected, b) / 1000.0;
        }
      }
    }
    return new double[][] {p50, p99};
  }

  /**
   * A server's utilisation from its busy time per bucket: over the run, over [windowFrom, windowTo)
   * (the bucket at each edge counted for the part of it inside, as if busy evenly), and its peak bucket.
   */
  static SimulationResult.Utilisation utilisation(double[] busySecondsPerBucket, double bucketSeconds, double runSeconds,
      Double windowFrom, Double windowTo) {
    double total = 0;
    double peak = 0;
    int peakBucket = 0;
    for (int b = 0; b < busySecondsPerBucket.length; b++) {
      total += busySecondsPerBucket[b];
      double width = Math.min(bucketSeconds, runSeconds - b * bucketSeconds);
      double u = busySecondsPerBucket[b] / width;
      if (u > peak) {
        peak = u;
        peakBucket = b;
      }
    }
    Double inWindow = null;
    if (windowFrom != null && windowTo != null && windowTo > windowFrom) {
      double busy = 0;
      for (int b = 0; b < busySecondsPerBucket.length; b++) {
        double from = b * bucketSeconds;
        double to = Math.min(runSeconds, from + bucketSeconds);
        double overlap = Math.min(to, windowTo) - Math.max(from, windowFrom);
        if (overlap > 0) busy += busySecondsPerBucket[b] * overlap / (to - from);
      }
      inWindow = busy / (windowTo - windowFrom);
    }
    return new SimulationResult.Utilisation(total / runSeconds, inWindow, peak, peakBucket * bucketSeconds);
  }

  /** Adds the time-weighted share of [from, to) that falls into each bucket, times {@code weight}. */
  static void spread(double[] into, double from, double to, double width, double weight) {
    for (int b = Math.max(0, (int) (from / width)); b < into.length && b * width < to; b++) {
      double overlap = Math.min(to, (b + 1) * width) - Math.max(from, b * width);
      if (overlap > 0) into[b] += weight * overlap / width;
    }
  }

  private static LatencyBins merge(List<HyperVNode.Stats> nodes, int bucket, boolean redirected) {
    LatencyBins all = null;
    for (HyperVNode.Stats s : nodes) {
      LatencyBins h = s.latencyOverTime().all(redirected, bucket);
      if (h == null) continue;
      if (all == null) all = new LatencyBins();
      all.add(h);
    }
    return all;
  }

  private static double[][] percentiles(int n, List<HyperVNode.Stats> nodes, IntFunction<LatencyBins> bucket) {
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    for (int b = 0; b < n; b++) {
      LatencyBins h = bucket.apply(b);
      p50[b] = h == null ? Double.NaN : h.valueAtPercentile(50) / 1000.0;
      p99[b] = h == null ? Double.NaN : h.valueAtPercentile(99) / 1000.0;
    }
    return new double[][] {p50, p99};
  }
}

package io.csvsim.internal.result;

import io.csvsim.result.SimulationResult;

import io.csvsim.internal.model.CsvVolume;
import io.csvsim.internal.model.DpmServer;
import io.csvsim.internal.model.JobRecord;
import io.csvsim.internal.model.JobRecord.Outcome;
import io.csvsim.internal.model.FailoverCluster;
import io.csvsim.internal.model.HyperVNode;
import io.csvsim.internal.model.IoProtocol.CarriesOps;
import io.csvsim.internal.model.LatencyCause;
import io.csvsim.internal.model.PathLatency;
import io.csvsim.internal.model.StorageArray;
import io.csvsim.result.SimulationResult.*;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns the statistics each actor handed over into one {@link SimulationResult}, with the {@link InvariantChecks}. */
public final class ResultAssembler {
  private static final double S = Scenario.SECOND;

  private ResultAssembler() {}

  public static SimulationResult assemble(
      Scenario scenario,
      String clock,
      double wallSeconds,
      long modelMessages,
      List<HyperVNode.Stats> nodeStats,
      List<CsvVolume.Stats> csvStats,
      StorageArray.Stats storage,
      DpmServer.Stats dpm,
      FailoverCluster.Stats cluster,
      List<Object> undelivered,
      int messagesInOneInstant,
      int messagesScheduled,
      long fingerprint) {
    List<HyperVNode.Stats> nodes = new ArrayList<>(nodeStats);
    nodes.sort(Comparator.comparingInt(HyperVNode.Stats::node));
    String provider = scenario.vss().provider().name().toLowerCase();
    List<JobRecord> jobs = dpm.jobs();
    List<JobResult> jobResults = new ArrayList<>();
    for (JobRecord j : jobs) jobResults.add(job(scenario, j, provider));

    int vmCount = scenario.vms().size();
    // Each part counted by the actor that holds it: waiting in the array, held or completing after
    // the end at a node, or in a message still travelling.
    long[] inFlight = storage.pendingOps().clone();
    // A VM that moved (failover, live migration) has counts on several nodes.
    long[] issuedOps = new long[vmCount];
    long[] completedOps = new long[vmCount];
    long[] failedOps = new long[vmCount];
    long[] redirectedOps = new long[vmCount];
    long[] redirectedMicros = new long[vmCount];
    long[] downtimeMicros = new long[vmCount];
    for (HyperVNode.Stats n : nodes) {
      for (int v = 0; v < vmCount; v++) {
        inFlight[v] += n.heldOpsAtEnd()[v] + n.completedAfterEnd()[v];
        issuedOps[v] += n.opsIssued()[v];
        completedOps[v] += n.opsCompleted()[v];
        failedOps[v] += n.opsFailed()[v];
        redirectedOps[v] += n.redirectedOps()[v];
        redirectedMicros[v] += n.redirectedMicros()[v];
        downtimeMicros[v] += n.downtimeMicros()[v];
      }
    }
    for (Object message : undelivered) if (message instanceof CarriesOps ops) ops.addOpsTo(inFlight);

    List<VmResult> vms = new ArrayList<>();
    for (int v = 0; v < vmCount; v++) {
      Scenario.VmSpec spec = scenario.vms().get(v);
      int hostAtEnd = cluster.hostAtEnd()[v];
      vms.add(new VmResult(spec.name(), scenario.nodes().get(spec.node()).name(),
          hostAtEnd < 0 ? "-" : scenario.nodes().get(hostAtEnd).name(), scenario.csvs().get(spec.csv()).name(),
          issuedOps[v], completedOps[v], failedOps[v], inFlight[v], redirectedOps[v], redirectedMicros[v] / S, downtimeMicros[v] / S,
          new PathLatencies(latency(merged(nodes, v, false)), latency(merged(nodes, v, true)))));
    }
    InvariantChecks invariants = new InvariantChecks();
    invariants.ioConservation(scenario.vms().stream().map(Scenario.VmSpec::name).toList(), issuedOps, completedOps, failedOps, inFlight);
    invariants.jobsTerminal(jobs);
    invariants.oneSoftwareSnapshotPerCsv(scenario, jobs, csvStats);
    invariants.maintenanceAccounted(scenario, csvStats);
    invariants.oneCoordinatorPerCsv(scenario, nodes);
    invariants.redirectedServedByCoordinator(scenario, nodes, csvStats);
    invariants.dpmBytesReceived(jobs, dpm.bytesReceived());

    double duration = scenario.duration() / S;
    List<CsvResult> csvs = new ArrayList<>();
    for (int c = 0; c < scenario.csvs().size(); c++) {
      CsvVolume.Stats st = csvStats.get(c);
      final int csv = c;
      List<JobRecord> onCsv = jobs.stream().filter(j -> j.csv() == csv).toList();
      List<CsvVolume.Ownership> owners = st.ownership();
      csvs.add(new CsvResult(st.name(), st.redirectedMicros() / S, st.movingMicros() / S, st.ownershipMoves(),
          maxConcurrent(onCsv), onCsv.size(), window(onCsv), st.refusedRequests(), st.failovers(),
          scenario.nodes().get(owners.get(owners.size() - 1).node()).name(),
          st.periods().stream().map(p -> new AccessPeriod(p.from() / S, p.to() / S, SimulationResult.Access.valueOf(p.access().name()),
              scenario.nodes().get(p.coordinator()).name())).toList(),
          st.maintenance().stream().map(m -> maintenance(scenario, m)).toList(),
          st.snapshots().stream().map(n -> new SimulationResult.SnapshotResult(n.from() / S, n.to() / S,
              n.node() < 0 ? null : scenario.nodes().get(n.node()).name(), n.jobs(), n.lost())).toList()));
    }
    Double windowFrom = jobs.isEmpty() ? null : jobs.stream().mapToLong(j -> j.queuedAt()).min().getAsLong() / S;
    Double windowTo = jobs.isEmpty() ? null : jobs.stream().mapToLong(j -> j.endedAt()).max().getAsLong() / S;
    double bucketSeconds = scenario.bucket() / S;
    List<NodeResult> nodeResults = new ArrayList<>();
    for (HyperVNode.Stats n : nodes) {
      double[] busy = seconds(n.nicBusyMicrosPerBucket());
      nodeResults.add(new NodeResult(scenario.nodes().get(n.node()).name(), n.redirectServedOps(), n.redirectServedBytes(),
          n.nicBusyMicros() / S, n.nicBusyMicros() / S / duration,
          TimelineAssembler.utilisation(busy, bucketSeconds, duration, windowFrom, windowTo), n.nicMeanWaitMicros() / 1000.0,
          n.forwardedOps()));
    }
    StorageResult storageResult = new StorageResult(storage.opsServed(), storage.busyMicros() / S, storage.busyMicros() / S / duration,
        TimelineAssembler.utilisation(seconds(storage.busyMicrosPerBucket()), bucketSeconds, duration, windowFrom, windowTo),
        storage.meanWaitMicros() / 1000.0, (long) storage.backupBytesRead(), (long) storage.maintenanceBytes(), storage.maxOpsPerFlush());
    int succeeded = (int) jobs.stream().filter(j -> j.outcome() == Outcome.SUCCEEDED).count();
    int failed = (int) jobs.stream().filter(j -> j.outcome() == Outcome.FAILED).count();
    int cancelled = (int) jobs.stream().filter(j -> j.outcome() == Outcome.CANCELLED).count();
    double[] linkBusy = dpm.bytesPerBucket().clone();
    for (int b = 0; b < linkBusy.length; b++) linkBusy[b] /= scenario.dpm().backupNetworkBandwidth();
    DpmResult dpmResult = new DpmResult(scenario.dpm().maxAllowedParallelBackups(), scenario.dpm().dataSourceGroups(),
        dpm.bytesReceived(), dpm.backupNetworkBusyMicros() / S,
        TimelineAssembler.utilisation(linkBusy, bucketSeconds, duration, windowFrom, windowTo), succeeded, failed, cancelled);

    SimulationResult.Timeline timeline = TimelineAssembler.assemble(scenario, nodes, storage, dpm, jobResults, csvs, vms);
    List<FaultResult> faults = new ArrayList<>();
    for (HyperVNode.Stats n : nodes) for (var f : n.faults()) faults.add(new FaultResult(f.at() / S, f.kind(), f.target(), f.what()));
    for (CsvVolume.Stats c : csvStats) for (var f : c.faults()) faults.add(new FaultResult(f.at() / S, f.kind(), f.target(), f.what()));
    for (var f : cluster.events()) faults.add(new FaultResult(f.at() / S, f.kind(), f.target(), f.what()));
    for (var f : dpm.faults()) faults.add(new FaultResult(f.at() / S, f.kind(), f.target(), f.what()));
    faults.sort(Comparator.comparingDouble(FaultResult::at));
    long start = scenario.startTimeOfDay() / Scenario.SECOND;
    String startTime = String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", start / 3600, start / 60 % 60, start % 60);
    return new SimulationResult(scenario.name(), scenario.seed(), clock, scenario.mode().name().toLowerCase().replace('_', '-'),
        scenario.platform().label(), provider, startTime, scenario.overrides(), scenario.warnings(), duration, wallSeconds, modelMessages, String.format("%016x", fingerprint), window(jobs), cancelled == 0, jobResults, csvs, vms, nodeResults,
        storageResult, dpmResult, invariants.results(), invariants.violations(), List.copyOf(faults),
        new QueueMaxima(messagesInOneInstant, messagesScheduled, storage.maxOpsPerFlush(),
            nodes.stream().mapToLong(HyperVNode.Stats::maxNicBatchOps).max().orElse(0),
            nodes.stream().mapToLong(HyperVNode.Stats::maxHeldOps).max().orElse(0),
            csvStats.stream().mapToInt(CsvVolume.Stats::maxWaitingRequests).max().orElse(0), dpm.maxQueuedJobs()),
        timeline);
  }

  private static JobResult job(Scenario scenario, JobRecord j, String provider) {
    Map<String, Double> waited = new LinkedHashMap<>();
    j.waited().forEach((k, v) -> waited.put(k.label(), v / S));
    return new JobResult(j.id(), scenario.vms().get(j.vm()).name(), scenario.nodes().get(j.node()).name(),
        scenario.csvs().get(j.csv()).name(), provider, SimulationResult.JobKind.valueOf(j.kind().name()), j.attempt(),
        j.queuedAt() / S, seconds(j.startedAt()), seconds(j.preparedAt()), seconds(j.snapshotAt()), j.endedAt() / S,
        SimulationResult.JobOutcome.valueOf(j.outcome().name()), j.reason(), j.bytes(), j.moveMicros() / S, j.downtimeMicros() / S, waited);
  }

  private static double[] seconds(double[] micros) {
    double[] out = new double[micros.length];
    for (int i = 0; i < micros.length; i++) out[i] = micros[i] / S;
    return out;
  }

  private static Double seconds(long micros) {
    return micros < 0 ? null : micros / S;
  }

  private static PathLatency merged(List<HyperVNode.Stats> nodes, int vm, boolean redirected) {
    List<PathLatency> parts = new ArrayList<>();
    for (HyperVNode.Stats n : nodes) parts.add(redirected ? n.redirected()[vm] : n.direct()[vm]);
    return PathLatency.merge(parts);
  }

  private static Latency latency(PathLatency path) {
    Map<String, Long> held = new LinkedHashMap<>();
    for (LatencyCause c : LatencyCause.values()) if (c.held()) held.put(c.label(), path.heldOps(c));
    if (path.count == 0) return new Latency(0, 0, 0, 0, 0, 0, null, Map.of(), held);
    Histogram h = path.all();
    long p99 = h.getValueAtPercentile(99);
    double[] parts = path.meanPartsMicros();
    Map<String, Double> breakdown = new LinkedHashMap<>();
    String[] names = {"held", "network", "coordinator-nic", "array"};
    for (int k = 0; k < names.length; k++) breakdown.put(names[k], round(parts[k] / 1000.0));
    Histogram notHeld = path.notHeld();
    LatencyCause tail = path.tailCause(p99);
    return new Latency(round(path.sumMicros / path.count / 1000.0), round(h.getValueAtPercentile(50) / 1000.0),
        round(p99 / 1000.0), round(h.getMaxValue() / 1000.0), path.count,
        notHeld.getTotalCount() == 0 ? 0 : round(notHeld.getValueAtPercentile(99) / 1000.0), tail == null ? null : tail.label(),
        breakdown, held);
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  /** A volume's maintenance record in the result's terms: seconds, names, and how long it waited for the volume. */
  private static MaintenanceResult maintenance(Scenario scenario, CsvVolume.MaintenancePeriod m) {
    Double from = m.from() < 0 ? null : m.from() / S;
    double waited = ((m.from() < 0 ? m.to() : m.from()) - m.requestedAt()) / S;
    return new MaintenanceResult(scenario.maintenance().get(m.maintenance()).kind().label(), scenario.nodes().get(m.node()).name(),
        m.requestedAt() / S, from, m.to() / S, waited, m.outcome().label(), m.reason());
  }

  /** From the first job queued to the last one ended; null when there were no jobs. */
  static Double window(List<JobRecord> jobs) {
    if (jobs.isEmpty()) return null;
    long first = jobs.stream().mapToLong(j -> j.queuedAt()).min().getAsLong();
    long last = jobs.stream().mapToLong(j -> j.endedAt()).max().getAsLong();
    return (last - first) / S;
  }

  /** Most backups of one volume in progress at once: from prepare (the VSS backup holds the volume) to the end. */
  static int maxConcurrent(List<JobRecord> jobs) {
    List<long[]> edges = new ArrayList<>();
    for (JobRecord j : jobs) {
      if (j.preparedAt() < 0) continue;
      edges.add(new long[] {j.preparedAt(), 1});
      edges.add(new long[] {j.endedAt(), -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int current = 0;
    int max = 0;
    for (long[] e : edges) {
      current += (int) e[1];
      max = Math.max(max, current);
    }
    return max;
  }
}

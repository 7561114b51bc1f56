package io.csvsim.internal.result;

import io.csvsim.result.SimulationResult;

import io.csvsim.internal.model.CsvVolume;
import io.csvsim.internal.model.HyperVNode;
import io.csvsim.internal.model.JobRecord;
import io.csvsim.internal.model.JobRecord.Outcome;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's invariants, each checked on the histories the actors handed over, independently of
 * the rules that produced them. A broken invariant records false and names its first violation.
 */
final class InvariantChecks {
  private static final double S = Scenario.SECOND;

  private final Map<String, Boolean> results = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** Each invariant checked so far, in the order checked, and whether it held. */
  Map<String, Boolean> results() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(results));
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  private void record(String invariant, String violation) {
    results.put(invariant, violation == null);
    if (violation != null) violations.add(invariant + ": " + violation);
  }

  /** Every op a VM issued completed, failed, or was still in flight (held, queued, travelling) at the end. */
  void ioConservation(List<String> vmNames, long[] issued, long[] completed, long[] failed, long[] inFlight) {
    String violation = null;
    for (int v = 0; v < vmNames.size() && violation == null; v++) {
      if (issued[v] != completed[v] + failed[v] + inFlight[v]) {
        violation = vmNames.get(v) + " issued " + issued[v] + " ops but " + completed[v] + " completed, "
            + failed[v] + " failed and " + inFlight[v] + " were in flight at the end";
      }
    }
    record("io-conservation", violation);
  }

  /** Every backup job ended the run succeeded, failed or cancelled: none is left queued or running. */
  void jobsTerminal(List<JobRecord> jobs) {
    String violation = null;
    for (JobRecord j : jobs) {
      if (j.outcome() != Outcome.SUCCEEDED && j.outcome() != Outcome.FAILED && j.outcome() != Outcome.CANCELLED) {
        violation = "job #" + j.id() + " ended the run " + j.outcome().label() + ", neither succeeded, failed nor cancelled";
        break;
      }
    }
    record("jobs-terminal", violation);
  }

  /** DPM received exactly the bytes its successful jobs sent. */
  void dpmBytesReceived(List<JobRecord> jobs, long received) {
    long sent = jobs.stream().filter(j -> j.outcome() == Outcome.SUCCEEDED).mapToLong(JobRecord::bytes).sum();
    record("dpm-bytes-received", sent == received ? null : "DPM received " + received + " bytes, successful jobs sent " + sent);
  }

  /** Every scheduled maintenance ended the run with one record on its volume: done, refused, interrupted or still there. */
  void maintenanceAccounted(Scenario scenario, List<CsvVolume.Stats> csvStats) {
    int[] records = new int[scenario.maintenance().size()];
    String violation = null;
    for (int c = 0; c < csvStats.size(); c++) {
      for (CsvVolume.MaintenancePeriod m : csvStats.get(c).maintenance()) {
        records[m.maintenance()]++;
        if (scenario.maintenance().get(m.maintenance()).csv() != c && violation == null) {
          violation = "maintenance.[" + m.maintenance() + "] recorded on " + scenario.csvs().get(c).name();
        }
      }
    }
    for (int m = 0; m < records.length && violation == null; m++) {
      if (records[m] != 1) violation = "maintenance.[" + m + "] has " + records[m] + " records, expected 1";
    }
    record("maintenance-accounted", violation);
  }

  /**
   * At most one software snapshot holds a CSV at a time: by the volume's pin log and, independently,
   * by the jobs. Maintenance holds the volume in the same log: no pin overlaps it either.
   */
  void oneSoftwareSnapshotPerCsv(Scenario scenario, List<JobRecord> jobs, List<CsvVolume.Stats> csvStats) {
    if (scenario.batchesSnapshots()) {
      record("one-snapshot-taken-at-a-time-per-csv", snapshotCreationOverlap(scenario, jobs, csvStats));
    } else {
      record("one-software-snapshot-per-csv", softwareSnapshotOverlap(scenario, jobs, csvStats));
    }
  }

  /**
   * 2012: backups of a CSV share snapshots, but the volume takes one at a time, never during
   * maintenance, and every backup that reached its snapshot was in exactly one.
   */
  private static String snapshotCreationOverlap(Scenario scenario, List<JobRecord> jobs, List<CsvVolume.Stats> csvStats) {
    for (int c = 0; c < scenario.csvs().size(); c++) {
      List<long[]> spans = new ArrayList<>();
      int batched = 0;
      for (CsvVolume.Snapshot n : csvStats.get(c).snapshots()) {
        spans.add(new long[] {n.from(), n.to(), spans.size()});
        batched += n.jobs();
      }
      for (CsvVolume.MaintenancePeriod m : csvStats.get(c).maintenance()) {
        if (m.from() >= 0) spans.add(new long[] {m.from(), m.to(), -1L - m.maintenance()});
      }
      String overlap = overlap(spans);
      if (overlap != null) return scenario.csvs().get(c).name() + " snapshots overlap: " + overlap;
      final int csv = c;
      long prepared = jobs.stream().filter(j -> j.csv() == csv && j.preparedAt() >= 0).count();
      if (prepared > batched) {
        return scenario.csvs().get(c).name() + ": " + prepared + " backups prepared, but the volume's snapshots served " + batched;
      }
    }
    return null;
  }

  private static String softwareSnapshotOverlap(Scenario scenario, List<JobRecord> jobs, List<CsvVolume.Stats> csvStats) {
    if (scenario.mode() != Scenario.Mode.CSV) return null;
    for (int c = 0; c < scenario.csvs().size(); c++) {
      List<long[]> spans = new ArrayList<>();
      for (CsvVolume.Pin pin : csvStats.get(c).pins()) spans.add(new long[] {pin.from(), pin.to(), pin.jobId()});
      for (CsvVolume.MaintenancePeriod m : csvStats.get(c).maintenance()) {
        if (m.from() >= 0) spans.add(new long[] {m.from(), m.to(), -1L - m.maintenance()});
      }
      if (scenario.vss().provider() == Scenario.Provider.SOFTWARE) {
        // Independently of the volume's own record: a software job holds its snapshot from prepare to end.
        List<long[]> jobSpans = new ArrayList<>();
        // A job whose pin ended without it (operator clear, dead requester) does not hold the CSV
        // from prepare to end: only the volume's own pin log speaks for those.
        Set<Long> released = csvStats.get(c).releasedWithoutHolder();
        for (JobRecord j : jobs) {
          if (j.csv() == c && j.preparedAt() >= 0 && !released.contains(j.id())) jobSpans.add(new long[] {j.preparedAt(), j.endedAt(), j.id()});
        }
        String overlap = overlap(jobSpans);
        if (overlap != null) return scenario.csvs().get(c).name() + ": " + overlap;
      }
      String overlap = overlap(spans);
      if (overlap != null) return scenario.csvs().get(c).name() + " pins overlap: " + overlap;
    }
    return null;
  }

  /** No two nodes believed they coordinated one volume at the same time. */
  void oneCoordinatorPerCsv(Scenario scenario, List<HyperVNode.Stats> nodes) {
    String violation = null;
    for (int c = 0; c < scenario.csvs().size() && violation == null; c++) {
      List<long[]> spans = new ArrayList<>();
      for (HyperVNode.Stats n : nodes) {
        for (HyperVNode.Coordination p : n.coordination()) if (p.csv() == c) spans.add(new long[] {p.from(), p.to(), n.node()});
      }
      String overlap = overlap(spans);
      if (overlap != null) violation = scenario.csvs().get(c).name() + ": two nodes coordinated at once: " + overlap;
    }
    record("one-coordinator-per-csv", violation);
  }

  /**
   * Every redirected op a node served, it served while the volume had made it coordinator: the
   * first and last service of each period a node believed it coordinated must fall within one of
   * the volume's own coordinator periods for that node.
   */
  void redirectedServedByCoordinator(Scenario scenario, List<HyperVNode.Stats> nodes, List<CsvVolume.Stats> csvStats) {
    List<List<HyperVNode.Coordination>> periods = nodes.stream().map(HyperVNode.Stats::coordination).toList();
    List<List<CsvVolume.Ownership>> owners = csvStats.stream().map(CsvVolume.Stats::ownership).toList();
    ServedElsewhere first = firstServedByNonCoordinator(nodes.stream().map(HyperVNode.Stats::node).toList(), periods, owners);
    record("redirected-io-served-by-coordinator", first == null ? null
        : "at " + first.at() / S + " s " + scenario.nodes().get(first.node()).name() + " served redirected I/O of "
            + scenario.csvs().get(first.csv()).name() + " while its coordinator was " + scenario.nodes().get(first.coordinator()).name());
  }

  /** A node that served redirected I/O of a volume at a time when the volume had made another node coordinator. */
  record ServedElsewhere(double at, int node, int csv, int coordinator) {}

  /**
   * The earliest redirected service outside the volume's own coordinator history: the first and
   * last service of each period a node believed it coordinated must fall where the volume's
   * ownership log names that node. Null when there is none.
   */
  static ServedElsewhere firstServedByNonCoordinator(List<Integer> nodeIds, List<List<HyperVNode.Coordination>> periodsPerNode,
      List<List<CsvVolume.Ownership>> ownershipPerCsv) {
    ServedElsewhere first = null;
    for (int n = 0; n < nodeIds.size(); n++) {
      for (HyperVNode.Coordination p : periodsPerNode.get(n)) {
        if (p.servedOps() == 0) continue;
        for (double at : new double[] {p.firstServed(), p.lastServed()}) {
          int coordinator = coordinatorAt(ownershipPerCsv.get(p.csv()), (long) at);
          if (coordinator != nodeIds.get(n) && (first == null || at < first.at())) {
            first = new ServedElsewhere(at, nodeIds.get(n), p.csv(), coordinator);
          }
        }
      }
    }
    return first;
  }

  private static int coordinatorAt(List<CsvVolume.Ownership> owners, long at) {
    int coordinator = owners.get(0).node();
    for (CsvVolume.Ownership o : owners) if (o.at() <= at) coordinator = o.node();
    return coordinator;
  }

  /** First pair of half-open spans [from, to) that overlap, or null. */
  static String overlap(List<long[]> spans) {
    spans.sort(Comparator.comparingLong(s -> s[0]));
    long[] reach = null; // the span seen so far that ends last
    for (long[] b : spans) {
      if (reach != null && b[0] < reach[1]) {
        return "#" + reach[2] + " [" + reach[0] / S + "s, " + reach[1] / S + "s) and #" + b[2] + " [" + b[0] / S + "s, " + b[1] / S + "s)";
      }
      if (reach == null || b[1] > reach[1]) reach = b;
    }
    return null;
  }
}

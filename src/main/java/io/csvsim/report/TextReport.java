package io.csvsim.report;

import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.*;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The readable summary printed after a run. A pure function of the result. */
public final class TextReport {
  private TextReport() {}

  public static String render(SimulationResult r) {
    long startTimeOfDaySeconds = r.startTimeOfDaySeconds();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "csvsim: scenario '%s' (%s, %s mode, %s VSS provider, seed %d, %s clock)%n",
        r.scenario(), r.platformName(), r.mode(), r.provider(), r.seed(), r.clock()));
    for (String warning : r.warnings()) b.append("  warning: ").append(warning).append('\n');
    b.append(String.format(Locale.ROOT, "  DPM limits: MaxAllowedParallelBackups %d, DataSourceGroups %s%n",
        r.dpm().maxAllowedParallelBackups(), r.dpm().dataSourceGroups() ? "on" : "off"));
    if (!r.overrides().isEmpty()) b.append("  changed from the scenario file: ").append(String.join(", ", r.overrides())).append('\n');
    b.append(String.format(Locale.ROOT, "simulated %s in %.2f s wall, %,d model messages, fingerprint %s%n%n",
        duration(r.simulatedSeconds()), r.wallSeconds(), r.modelMessages(), r.fingerprint()));

    b.append("BACKUP WINDOW\n");
    if (r.backupWindowSeconds() == null) {
      b.append("  no backup job was scheduled in the simulated period\n");
    } else {
      double first = r.jobs().stream().mapToDouble(JobResult::queuedAt).min().orElse(0);
      double last = r.jobs().stream().mapToDouble(JobResult::endedAt).max().orElse(0);
      b.append(String.format(Locale.ROOT, "  %s%s  (first job queued %s, last job ended %s)%n",
          r.backupWindowComplete() ? "" : ">= ", duration(r.backupWindowSeconds()),
          at(first, startTimeOfDaySeconds), at(last, startTimeOfDaySeconds)));
      b.append(String.format(Locale.ROOT, "  jobs: %d succeeded, %d failed, %d cancelled at the end of the run; %s received by DPM%n",
          r.dpm().succeeded(), r.dpm().failed(), r.dpm().cancelled(), bytes(r.dpm().bytesReceived())));
      java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
      for (JobResult j : r.jobs()) kinds.merge(j.kind().toString(), 1L, Long::sum);
      if (kinds.size() > 1 || !kinds.containsKey(JobKind.EXPRESS_FULL.toString())) {
        List<String> parts = new java.util.ArrayList<>();
        kinds.forEach((kind, n) -> parts.add(n + " " + kind));
        b.append("  by kind: ").append(String.join(", ", parts)).append('\n');
      }
      if (!r.backupWindowComplete()) b.append("  (some jobs were still queued or running when the run ended: simulate longer)\n");
    }
    b.append('\n');

    boolean csv = ResultView.sharedVolumes(r);
    if (csv) perCsv(b, r);
    else perLun(b, r);
    if (csv) perNode(b, r, startTimeOfDaySeconds);
    else b.append("STORAGE AND BACKUP NETWORK\n");
    servers(b, r, startTimeOfDaySeconds);
    if (csv) mostHurt(b, r);
    long lost = r.vms().stream().mapToLong(VmResult::opsFailed).sum();
    double downtime = r.vms().stream().mapToDouble(VmResult::downtimeSeconds).sum();
    if (!csv && (lost > 0 || downtime > 0)) b.append("VMS\n");
    if (lost > 0) {
      b.append(String.format(Locale.ROOT, "  I/O lost with crashed nodes: %,d ops of %d VMs failed%n", lost,
          r.vms().stream().filter(v -> v.opsFailed() > 0).count()));
    }
    if (downtime > 0) b.append(String.format(Locale.ROOT, "  VM downtime (saved state for offline backups and maintenance mode): %s in all%n", duration(downtime)));
    if (csv || lost > 0 || downtime > 0) b.append('\n');

    List<JobResult> failed = ResultView.failed(r);
    b.append("FAILED JOBS\n");
    if (failed.isEmpty()) b.append("  none\n");
    for (JobResult j : failed) {
      b.append(String.format(Locale.ROOT, "  %s attempt %d on %s at %s: %s%n", j.vm(), j.attempt(), j.node(),
          at(j.endedAt(), startTimeOfDaySeconds), j.reason()));
    }
    if (!r.faults().isEmpty()) {
      b.append("\nFAULTS\n");
      for (FaultLines.Line f : FaultLines.of(r.faults())) {
        String where = f.targets().size() == 1 ? clip(f.where(0), 16) : f.where(3);
        b.append(String.format(Locale.ROOT, "  %-20s %-17s %-16s %s%n", at(f.at(), startTimeOfDaySeconds), f.kind(), where, f.what()));
      }
    }
    maintenance(b, r);
    Map<String, Double> waits = new java.util.TreeMap<>();
    for (JobResult j : r.jobs()) j.waitedFor().forEach((k, v) -> waits.merge(k, v, Double::sum));
    if (!waits.isEmpty()) {
      b.append("\nWHY JOBS WAITED (total over all jobs)\n");
      waits.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-18s %s%n", k, duration(v))));
    }
    var q = r.queues();
    b.append(String.format(Locale.ROOT, "%nQUEUE MAXIMA%n  messages in one instant %,d; scheduled ahead %,d; ops per array flush %,d;"
        + " per NIC batch %,d; held at a node %,d; backup requests waiting at a volume %,d; jobs queued at DPM %,d%n",
        q.messagesInOneInstant(), q.messagesScheduled(), q.storageOpsPerFlush(), q.nicOpsPerBatch(), q.heldOpsAtANode(),
        q.requestsWaitingAtAVolume(), q.jobsQueuedAtDpm()));
    b.append("\nINVARIANTS\n");
    r.invariants().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-36s %s%n", k, v ? "ok" : "VIOLATED")));
    for (String violation : r.invariantViolations()) b.append("  ").append(violation).append('\n');
    return b.toString();
  }

  private static void maintenance(StringBuilder b, SimulationResult r) {
    if (r.csvs().stream().allMatch(c -> c.maintenance().isEmpty())) return;
    b.append("\nMAINTENANCE\n");
    b.append(String.format(Locale.ROOT, "  %-16s %-17s %-16s %-20s %10s %10s  %s%n", "volume", "kind", "node", "asked", "waited", "held", "outcome"));
    long start = r.startTimeOfDaySeconds();
    for (CsvResult c : r.csvs()) {
      for (SimulationResult.MaintenanceResult m : c.maintenance()) {
        b.append(String.format(Locale.ROOT, "  %-16s %-17s %-16s %-20s %10s %10s  %s%n", clip(c.name(), 16), m.kind(), clip(m.node(), 16),
            at(m.requestedAt(), start), duration(m.waitedSeconds()), m.from() == null ? "-" : duration(m.to() - m.from()),
            m.outcome() + (m.reason().isEmpty() ? "" : ": " + m.reason())));
      }
    }
  }

  private static void perCsv(StringBuilder b, SimulationResult r) {
    b.append("PER CSV\n");
    b.append(String.format(Locale.ROOT, "  %-16s %12s %8s %6s %9s %8s %6s %12s  %s%n",
        "volume", "redirected", "moving", "moves", "failovers", "max-conc", "jobs", "window", "coordinator"));
    for (CsvResult c : r.csvs()) {
      b.append(String.format(Locale.ROOT, "  %-16s %12s %8s %6d %9d %8d %6d %12s  %s%n", clip(c.name(), 16),
          duration(c.redirectedSeconds()), duration(c.movingSeconds()), c.ownershipMoves(), c.failovers(), c.maxConcurrentBackups(),
          c.jobs(), c.backupWindowSeconds() == null ? "-" : duration(c.backupWindowSeconds()), c.coordinatorAtEnd()));
    }
    if (r.csv2()) {
      // CSV 2.0: the volume takes one snapshot for the backups that start together.
      List<String> each = new java.util.ArrayList<>();
      for (CsvResult c : r.csvs()) {
        int jobs = c.snapshots().stream().mapToInt(SimulationResult.SnapshotResult::jobs).sum();
        long lost = c.snapshots().stream().filter(SimulationResult.SnapshotResult::lost).count();
        each.add(c.name() + " " + c.snapshots().size() + " for " + jobs + " backups" + (lost > 0 ? " (" + lost + " lost)" : ""));
      }
      b.append("  snapshots (one per batch): ").append(String.join(", ", each)).append('\n');
    }
    b.append('\n');
  }

  /** Without CSV nothing is redirected or moved: a LUN's backups and its owner are all there is to show. */
  private static void perLun(StringBuilder b, SimulationResult r) {
    b.append("PER LUN (non-CSV: each LUN is used by its own node only)\n");
    b.append(String.format(Locale.ROOT, "  %-16s %8s %6s %12s  %s%n", "LUN", "max-conc", "jobs", "window", "owner"));
    for (CsvResult c : r.csvs()) {
      b.append(String.format(Locale.ROOT, "  %-16s %8d %6d %12s  %s%n", clip(c.name(), 16), c.maxConcurrentBackups(), c.jobs(),
          c.backupWindowSeconds() == null ? "-" : duration(c.backupWindowSeconds()), c.coordinatorAtEnd()));
    }
    b.append('\n');
  }

  private static void perNode(StringBuilder b, SimulationResult r, long startTimeOfDaySeconds) {
    b.append(r.csv2()
        ? "PER NODE (redirected I/O served as coordinator; NIC utilisation, snapshot reads for other nodes included, over the run, the"
            + " backup window, its busiest bucket)\n"
        : "PER NODE (redirected I/O served as coordinator; NIC utilisation over the run, the backup window, its busiest bucket)\n");
    b.append(String.format(Locale.ROOT, "  %-16s %12s %10s %10s %8s %9s %17s %12s%n", "node", "ops", "bytes", "NIC busy", "NIC util",
        "in window", "peak", "NIC wait"));
    for (NodeResult n : r.nodes()) {
      b.append(String.format(Locale.ROOT, "  %-16s %,12d %10s %10s %7.2f%% %9s %17s %9.3f ms%n", clip(n.name(), 16), n.redirectServedOps(),
          bytes(n.redirectServedBytes()), duration(n.nicBusySeconds()), 100 * n.nicUtilisation(), percent(n.nic().backupWindow()),
          peak(n.nic(), startTimeOfDaySeconds), n.nicMeanWaitMs()));
    }
  }

  private static void servers(StringBuilder b, SimulationResult r, long startTimeOfDaySeconds) {
    Utilisation array = r.storage().busy();
    b.append(String.format(Locale.ROOT, "  storage: %,d ops, %.2f%% busy (%s over the backup window, peak %s), mean queue wait %.3f ms,"
        + " %s read by backups%n", r.storage().opsServed(), 100 * r.storage().utilisation(), percent(array.backupWindow()),
        peak(array, startTimeOfDaySeconds), r.storage().meanWaitMs(), bytes(r.storage().backupBytesRead())));
    Utilisation link = r.dpm().backupNetwork();
    b.append(String.format(Locale.ROOT, "  backup network to DPM: %.2f%% busy (%s over the backup window, peak %s)%n%n", 100 * link.run(),
        percent(link.backupWindow()), peak(link, startTimeOfDaySeconds)));
  }

  private static void mostHurt(StringBuilder b, SimulationResult r) {
    List<VmResult> hurt = ResultView.mostHurt(r);
    b.append("VMS MOST HURT BY REDIRECTED I/O (latency ms, direct vs redirected)\n");
    if (hurt.isEmpty()) {
      b.append("  no VM ran redirected I/O\n");
      return;
    }
    b.append("  worst redirected p99: ").append(LatencyStory.headline(r)).append('\n');
    b.append(String.format(Locale.ROOT, "  %-16s %-16s %11s %10s %9s %9s %9s %9s %9s  %s%n", "vm", "node", "redir-ops", "redir-time",
        "dir p50", "dir p99", "red p50", "red p99", "w/o held", "red p99 mostly"));
    for (VmResult v : hurt) {
      Latency red = v.latencyMs().redirected();
      b.append(String.format(Locale.ROOT, "  %-16s %-16s %,11d %10s %9.2f %9.2f %9.2f %9.2f %9.2f  %s%n", clip(v.name(), 16),
          clip(placement(v), 16), v.redirectedOps(), duration(v.redirectedSeconds()), v.latencyMs().direct().p50(),
          v.latencyMs().direct().p99(), red.p50(), red.p99(), red.p99NotHeld(), red.tailCause()));
    }
    b.append("  (w/o held: p99 of the ops not held at their node; mostly: what most ops at or above the p99 spent longest in)\n");
  }

  static String percent(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  /** "87.50% at 21:04" for a server's busiest bucket. */
  static String peak(Utilisation u, long startTimeOfDaySeconds) {
    return u.peak() == 0 ? "-" : percent(u.peak()) + " at " + timeOfDay(u.peakAt(), startTimeOfDaySeconds).substring(0, 5);
  }

  /** A VM's node, or "start>end" when failover or a live migration moved it. */
  public static String placement(VmResult v) {
    return v.node().equals(v.nodeAtEnd()) ? v.node() : v.node() + ">" + v.nodeAtEnd();
  }

  public static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }

  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
    if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
  }

  /** "21:10:05 (2405 s)": the time of day, and the seconds since the start that summary.json and jobs.csv use. */
  static String at(double simSeconds, long startTimeOfDaySeconds) {
    return timeOfDay(simSeconds, startTimeOfDaySeconds) + String.format(Locale.ROOT, " (%.0f s)", simSeconds);
  }

  public static String timeOfDay(double simSeconds, long startTimeOfDaySeconds) {
    long t = Math.round(simSeconds) + startTimeOfDaySeconds;
    long day = t / 86400;
    long s = t % 86400;
    String clock = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    return day == 0 ? clock : clock + " (+" + day + "d)";
  }

  static String bytes(long n) {
    if (n < 1024) return n + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}

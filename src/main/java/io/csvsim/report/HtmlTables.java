package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.NodeResult;
import io.csvsim.result.SimulationResult.VmResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.html's headline cards and tables. */
final class HtmlTables {
  private HtmlTables() {}

  static void cards(StringBuilder b, SimulationResult r) {
    b.append("<div class=\"cards\">");
    String window = r.backupWindowSeconds() == null ? "none"
        : (r.backupWindowComplete() ? "" : "&ge; ") + TextReport.duration(r.backupWindowSeconds());
    card(b, window, "backup window");
    card(b, r.dpm().succeeded() + " / " + r.dpm().failed() + " / " + r.dpm().cancelled(), "jobs succeeded / failed / cancelled");
    double redirected = r.csvs().stream().mapToDouble(CsvResult::redirectedSeconds).max().orElse(0);
    card(b, TextReport.duration(redirected), "longest redirected time of a CSV");
    LatencyStory.Worst worst = LatencyStory.worstRedirected(r);
    card(b, worst == null ? "none" : HtmlReport.fmt(worst.latency().p99()) + " ms", worst == null ? "worst redirected p99 latency"
        : "worst redirected p99 latency (" + worst.vm() + "): " + LatencyStory.explain(worst.latency()));
    boolean ok = r.invariantsHold();
    card(b, ok ? "<span class=\"ok\">all hold</span>" : "<span class=\"bad\">VIOLATED</span>", "invariants");
    b.append("</div>\n");
  }

  /** The mean's parts: held / network / NIC / array, ms. */
  private static String parts(SimulationResult.Latency l) {
    Map<String, Double> m = l.breakdownMs();
    if (m.isEmpty()) return "-";
    return HtmlReport.fmt(m.get("held")) + " / " + HtmlReport.fmt(m.get("network")) + " / " + HtmlReport.fmt(m.get("coordinator-nic")) + " / " + HtmlReport.fmt(m.get("array"));
  }

  private static void card(StringBuilder b, String value, String label) {
    b.append("<div class=\"card\"><b>").append(value).append("</b><span>").append(HtmlReport.esc(label)).append("</span></div>");
  }

  private static void server(StringBuilder b, String name, SimulationResult.Utilisation u, long startTimeOfDay, String notes) {
    b.append("<tr><td>").append(HtmlReport.esc(name)).append("</td><td>").append(TextReport.percent(u.run())).append("</td><td>")
        .append(TextReport.percent(u.backupWindow())).append("</td><td>").append(TextReport.peak(u, startTimeOfDay)).append("</td><td>")
        .append(HtmlReport.esc(notes)).append("</td></tr>\n");
  }

  private static void nodeTable(StringBuilder b, SimulationResult r, long startTimeOfDay) {
    b.append("<h2>Per node: redirected I/O served as coordinator</h2>\n<table><tr><th>node</th><th>ops</th>")
        .append("<th>bytes</th><th>NIC busy</th><th>NIC utilisation</th><th>over the backup window</th><th>busiest bucket</th>")
        .append("<th>mean NIC wait (ms)</th></tr>\n");
    for (NodeResult n : r.nodes()) {
      b.append("<tr><td>").append(HtmlReport.esc(n.name())).append("</td><td>").append(String.format(Locale.ROOT, "%,d", n.redirectServedOps()))
          .append("</td><td>").append(TextReport.bytes(n.redirectServedBytes())).append("</td><td>")
          .append(TextReport.duration(n.nicBusySeconds())).append("</td><td>").append(HtmlReport.fmt(100 * n.nicUtilisation())).append("%</td><td>")
          .append(TextReport.percent(n.nic().backupWindow())).append("</td><td>").append(TextReport.peak(n.nic(), startTimeOfDay))
          .append("</td><td>").append(HtmlReport.fmt(n.nicMeanWaitMs())).append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void mostHurtTable(StringBuilder b, SimulationResult r) {
    b.append("<h2>VMs most hurt by redirected I/O (latency in ms)</h2>\n<table><tr><th>VM</th><th>node</th>")
        .append("<th>CSV</th><th>redirected ops</th><th>redirected time</th><th>direct p50</th><th>direct p99</th>")
        .append("<th>redirected p50</th><th>redirected p99</th><th>redirected p99 without held ops</th>")
        .append("<th>redirected p99 mostly</th><th>redirected mean: held / network / NIC / array</th>")
        .append("<th>downtime</th><th>ops lost in crashes</th></tr>\n");
    for (VmResult v : ResultView.mostHurt(r)) {
      b.append("<tr><td>").append(HtmlReport.esc(v.name())).append("</td><td>").append(HtmlReport.esc(TextReport.placement(v))).append("</td><td>").append(HtmlReport.esc(v.csv()))
          .append("</td><td>").append(String.format(Locale.ROOT, "%,d", v.redirectedOps())).append("</td><td>")
          .append(TextReport.duration(v.redirectedSeconds())).append("</td><td>").append(HtmlReport.fmt(v.latencyMs().direct().p50()))
          .append("</td><td>").append(HtmlReport.fmt(v.latencyMs().direct().p99())).append("</td><td>").append(HtmlReport.fmt(v.latencyMs().redirected().p50()))
          .append("</td><td>").append(HtmlReport.fmt(v.latencyMs().redirected().p99())).append("</td><td>")
          .append(HtmlReport.fmt(v.latencyMs().redirected().p99NotHeld())).append("</td><td>")
          .append(HtmlReport.esc(LatencyStory.describe(v.latencyMs().redirected().tailCause()))).append("</td><td>")
          .append(HtmlReport.esc(parts(v.latencyMs().redirected()))).append("</td><td>")
          .append(TextReport.duration(v.downtimeSeconds())).append("</td><td>").append(String.format(Locale.ROOT, "%,d", v.opsFailed()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  static void tables(StringBuilder b, SimulationResult r, long startTimeOfDay) {
    b.append("<h2>Per CSV</h2>\n<table><tr><th>CSV</th><th>redirected</th><th>moving</th><th>moves</th><th>failovers</th>")
        .append("<th>max concurrent backups</th><th>jobs</th><th>window</th><th>coordinator at end</th></tr>\n");
    for (CsvResult c : r.csvs()) {
      b.append("<tr><td>").append(HtmlReport.esc(c.name())).append("</td><td>").append(TextReport.duration(c.redirectedSeconds()))
          .append("</td><td>").append(TextReport.duration(c.movingSeconds())).append("</td><td>").append(c.ownershipMoves())
          .append("</td><td>").append(c.failovers()).append("</td><td>").append(c.maxConcurrentBackups()).append("</td><td>").append(c.jobs()).append("</td><td>")
          .append(c.backupWindowSeconds() == null ? "-" : TextReport.duration(c.backupWindowSeconds())).append("</td><td>")
          .append(HtmlReport.esc(c.coordinatorAtEnd())).append("</td></tr>\n");
    }
    b.append("</table>\n");
    boolean csv = ResultView.sharedVolumes(r);
    if (csv) nodeTable(b, r, startTimeOfDay);
    b.append("<h2>Storage and backup network</h2>\n<table><tr><th>server</th><th>utilisation</th>")
        .append("<th>over the backup window</th><th>busiest bucket</th><th>notes</th></tr>\n");
    server(b, "storage array", r.storage().busy(), startTimeOfDay, String.format(Locale.ROOT, "%,d VM ops, mean queue wait %s ms; %s read by backups (counted)",
        r.storage().opsServed(), HtmlReport.fmt(r.storage().meanWaitMs()), TextReport.bytes(r.storage().backupBytesRead())));
    server(b, "backup network to DPM", r.dpm().backupNetwork(), startTimeOfDay, TextReport.bytes(r.dpm().bytesReceived()) + " received");
    b.append("</table>\n");
    if (csv) mostHurtTable(b, r);
    b.append("<h2>Failed jobs</h2>\n");
    List<JobResult> failed = ResultView.failed(r);
    if (failed.isEmpty()) b.append("<p>None.</p>\n");
    else {
      b.append("<table><tr><th>VM</th><th>node</th><th>attempt</th><th>ended</th><th>reason</th></tr>\n");
      for (JobResult j : failed) {
        b.append("<tr><td>").append(HtmlReport.esc(j.vm())).append("</td><td>").append(HtmlReport.esc(j.node())).append("</td><td>").append(j.attempt())
            .append("</td><td>").append(HtmlReport.fmt(j.endedAt())).append(" s</td><td style=\"text-align:left\">").append(HtmlReport.esc(j.reason()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    List<JobResult> retried = ResultView.retried(r);
    if (!retried.isEmpty()) {
      b.append("<h2>Retries and consistency checks</h2>\n<table><tr><th>VM</th><th>node</th><th>kind</th><th>attempt</th>")
          .append("<th>queued</th><th>ended</th><th>outcome</th></tr>\n");
      for (JobResult j : retried) {
        b.append("<tr class=\"retry\"><td>").append(HtmlReport.esc(j.vm())).append("</td><td>").append(HtmlReport.esc(j.node())).append("</td><td>")
            .append(HtmlReport.esc(j.kind().toString())).append("</td><td>").append(j.attempt()).append("</td><td>").append(HtmlReport.fmt(j.queuedAt()))
            .append(" s</td><td>").append(HtmlReport.fmt(j.endedAt())).append(" s</td><td>").append(HtmlReport.esc(j.outcome().toString())).append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    if (!r.faults().isEmpty()) {
      b.append("<h2>Faults</h2>\n<table><tr><th>time</th><th>fault</th><th>where</th><th>what happened</th></tr>\n");
      for (FaultLines.Line f : FaultLines.of(r.faults())) {
        b.append("<tr class=\"fault\"><td>").append(TextReport.at(f.at(), startTimeOfDay)).append("</td><td>").append(HtmlReport.esc(f.kind()))
            .append("</td><td style=\"text-align:left\">").append(HtmlReport.esc(f.where(Integer.MAX_VALUE))).append("</td><td style=\"text-align:left\">")
            .append(HtmlReport.esc(f.what())).append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<h2>Invariants</h2>\n<table>");
    r.invariants().forEach((name, ok) -> b.append("<tr><td>").append(HtmlReport.esc(name)).append("</td><td class=\"").append(ok ? "ok" : "bad")
        .append("\">").append(ok ? "ok" : "VIOLATED").append("</td></tr>\n"));
    b.append("</table>\n");
    for (String v : r.invariantViolations()) b.append("<p class=\"bad\">").append(HtmlReport.esc(v)).append("</p>\n");
    var q = r.queues();
    b.append("<h2>Queue maxima</h2>\n<table>");
    String[][] rows = {
        {"messages released in one instant (no mailbox held more)", String.format(Locale.ROOT, "%,d", q.messagesInOneInstant())},
        {"messages scheduled ahead", String.format(Locale.ROOT, "%,d", q.messagesScheduled())},
        {"ops in one array flush", String.format(Locale.ROOT, "%,d", q.storageOpsPerFlush())},
        {"ops in one coordinator NIC batch", String.format(Locale.ROOT, "%,d", q.nicOpsPerBatch())},
        {"ops held at a node for a moving volume", String.format(Locale.ROOT, "%,d", q.heldOpsAtANode())},
        {"backup requests waiting at a volume", String.format(Locale.ROOT, "%,d", q.requestsWaitingAtAVolume())},
        {"jobs queued at DPM", String.format(Locale.ROOT, "%,d", q.jobsQueuedAtDpm())}};
    for (String[] row : rows) b.append("<tr><td>").append(row[0]).append("</td><td>").append(row[1]).append("</td></tr>\n");
    b.append("</table>\n");
  }
}

package io.csvsim.report;

import org.apache.commons.text.StringEscapeUtils;
import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.AccessPeriod;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.NodeResult;
import io.csvsim.result.SimulationResult.VmResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) that a
 * browser opens from disk. A pure function of the result, so its numbers are summary.json's.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final int LABEL_WIDTH = 150;
  private static final int CHART_WIDTH = 1000;
  private static final int LANE_HEIGHT = 12;
  private static final int BAND_HEIGHT = 16;

  /** Phase colours, shared by the bars and the legend. */
  private static final Map<String, String> PHASES = new LinkedHashMap<>();

  static {
    PHASES.put("waiting for DPM (host limit or group)", "#c7c7c7");
    PHASES.put("waiting for the CSV", "#f2c94c");
    PHASES.put("ownership move", "#f2994a");
    PHASES.put("snapshot (CSV pinned)", "#9b51e0");
    PHASES.put("transfer", "#2f80ed");
  }

  private static final Map<Access, String> ACCESS = Map.of(Access.DIRECT, "#e0f0e0", Access.MOVING, "#f2994a", Access.REDIRECTED, "#eb5757");

  public static String render(SimulationResult r) {
    long startTimeOfDaySeconds = r.startTimeOfDaySeconds();
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>csvsim: ")
        .append(esc(r.scenario())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222}")
        .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}")
        .append(".sub{color:#666;margin-bottom:16px}.cards{display:flex;gap:12px;flex-wrap:wrap}")
        .append(".card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}")
        .append(".card b{display:block;font-size:20px}.card span{color:#666;font-size:12px}")
        .append("table{border-collapse:collapse;font-size:13px;margin-bottom:8px}")
        .append("th,td{border-bottom:1px solid #eee;padding:3px 10px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}")
        .append(".bad{color:#c0392b;font-weight:bold}.ok{color:#27ae60}")
        .append(".legend span{display:inline-block;margin-right:14px;font-size:12px}")
        .append(".legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}")
        .append("svg text{font-size:11px;fill:#333}\n</style></head><body>\n");

    b.append("<h1>csvsim: ").append(esc(r.scenario())).append("</h1>\n<div class=\"sub\">")
        .append(esc(r.mode())).append(" mode, ").append(esc(r.provider())).append(" VSS provider, seed ").append(r.seed())
        .append(", ").append(esc(r.clock())).append(" clock, ").append(TextReport.duration(r.simulatedSeconds()))
        .append(" simulated")
        .append(r.overrides().isEmpty() ? "" : "; changed from the scenario file: " + esc(String.join(", ", r.overrides())))
        .append("</div>\n");
    cards(b, r);

    if (!r.jobs().isEmpty()) {
      double from = r.jobs().stream().mapToDouble(JobResult::queuedAt).min().orElse(0);
      double to = r.jobs().stream().mapToDouble(JobResult::endedAt).max().orElse(r.simulatedSeconds());
      double pad = Math.max(60, (to - from) * 0.03);
      Axis axis = new Axis(Math.max(0, from - pad), Math.min(r.simulatedSeconds(), to + pad), startTimeOfDaySeconds);
      b.append("<h2>Backups per CSV, with each CSV's access state</h2>\n");
      legend(b);
      gantt(b, r, axis, JobResult::csv, true);
      b.append("<h2>Backups per node</h2>\n");
      gantt(b, r, axis, JobResult::node, false);
      overTime(b, r, axis);
    }
    tables(b, r, startTimeOfDaySeconds);
    b.append("</body></html>\n");
    return b.toString();
  }

  /** Maps simulated seconds to x pixels and labels ticks with the time of day. */
  private record Axis(double from, double to, long startTimeOfDay) {
    double x(double seconds) {
      return LABEL_WIDTH + (seconds - from) / Math.max(1e-9, to - from) * CHART_WIDTH;
    }
  }

  private static void cards(StringBuilder b, SimulationResult r) {
    b.append("<div class=\"cards\">");
    String window = r.backupWindowSeconds() == null ? "none"
        : (r.backupWindowComplete() ? "" : "&ge; ") + TextReport.duration(r.backupWindowSeconds());
    card(b, window, "backup window");
    card(b, r.dpm().succeeded() + " / " + r.dpm().failed() + " / " + r.dpm().cancelled(), "jobs succeeded / failed / cancelled");
    double redirected = r.csvs().stream().mapToDouble(CsvResult::redirectedSeconds).max().orElse(0);
    card(b, TextReport.duration(redirected), "longest redirected time of a CSV");
    LatencyStory.Worst worst = LatencyStory.worstRedirected(r);
    card(b, worst == null ? "none" : fmt(worst.latency().p99()) + " ms", worst == null ? "worst redirected p99 latency"
        : "worst redirected p99 latency (" + worst.vm() + "): " + LatencyStory.explain(worst.latency()));
    boolean ok = r.invariantsHold();
    card(b, ok ? "<span class=\"ok\">all hold</span>" : "<span class=\"bad\">VIOLATED</span>", "invariants");
    b.append("</div>\n");
  }

  /** The mean's parts: held / network / NIC / array, ms. */
  private static String parts(SimulationResult.Latency l) {
    Map<String, Double> m = l.breakdownMs();
    if (m.isEmpty()) return "-";
    return fmt(m.get("held")) + " / " + fmt(m.get("network")) + " / " + fmt(m.get("coordinator-nic")) + " / " + fmt(m.get("array"));
  }

  private static void card(StringBuilder b, String value, String label) {
    b.append("<div class=\"card\"><b>").append(value).append("</b><span>").append(esc(label)).append("</span></div>");
  }

  private static void legend(StringBuilder b) {
    b.append("<div class=\"legend\">");
    PHASES.forEach((name, color) -> b.append("<span><i style=\"background:").append(color).append("\"></i>").append(esc(name)).append("</span>"));
    b.append("<span><i style=\"background:").append(ACCESS.get(Access.REDIRECTED)).append("\"></i>CSV redirected</span>");
    b.append("<span><i style=\"background:").append(ACCESS.get(Access.MOVING)).append("\"></i>CSV moving</span>");
    b.append("<span><i style=\"border:2px solid #c0392b\"></i>failed</span>");
    b.append("<span><i style=\"border:2px dashed #555\"></i>cancelled at the end</span></div>\n");
  }

  /** Rows grouped by CSV or node; each group's jobs packed into lanes of non-overlapping jobs. */
  private static void gantt(StringBuilder b, SimulationResult r, Axis axis, Function<JobResult, String> group, boolean bands) {
    Map<String, List<JobResult>> groups = new LinkedHashMap<>();
    List<String> order = bands ? r.csvs().stream().map(CsvResult::name).toList() : r.nodes().stream().map(NodeResult::name).toList();
    for (String g : order) groups.put(g, new ArrayList<>());
    for (JobResult j : r.jobs()) groups.computeIfAbsent(group.apply(j), k -> new ArrayList<>()).add(j);
    StringBuilder rows = new StringBuilder();
    int y = 24;
    for (Map.Entry<String, List<JobResult>> entry : groups.entrySet()) {
      rows.append("<text x=\"4\" y=\"").append(y + 12).append("\" font-weight=\"bold\">").append(esc(entry.getKey())).append("</text>");
      if (bands) {
        CsvResult csv = r.csvs().stream().filter(c -> c.name().equals(entry.getKey())).findFirst().orElseThrow();
        band(rows, csv, axis, y);
        y += BAND_HEIGHT + 4;
      } else {
        y += 16;
      }
      List<List<JobResult>> lanes = pack(entry.getValue());
      for (List<JobResult> lane : lanes) {
        for (JobResult j : lane) job(rows, j, axis, y);
        y += LANE_HEIGHT + 2;
      }
      y += 8;
    }
    int height = y + 4;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL_WIDTH + CHART_WIDTH + 20).append("\" height=\"")
        .append(height).append("\" role=\"img\">");
    ticks(b, axis, height);
    b.append(rows).append("</svg>\n");
  }

  private static void ticks(StringBuilder b, Axis axis, int height) {
    double span = axis.to() - axis.from();
    double[] steps = {60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    double step = steps[steps.length - 1];
    for (double s : steps) {
      if (span / s <= 12) {
        step = s;
        break;
      }
    }
    for (double t = Math.ceil(axis.from() / step) * step; t <= axis.to(); t += step) {
      double x = axis.x(t);
      b.append("<line x1=\"").append(fmt(x)).append("\" y1=\"14\" x2=\"").append(fmt(x)).append("\" y2=\"").append(height)
          .append("\" stroke=\"#eee\"/><text x=\"").append(fmt(x + 2)).append("\" y=\"11\">")
          .append(TextReport.timeOfDay(t, axis.startTimeOfDay())).append("</text>");
    }
  }

  private static void band(StringBuilder b, CsvResult csv, Axis axis, int y) {
    for (AccessPeriod p : csv.accessPeriods()) {
      if (p.to() <= axis.from() || p.from() >= axis.to()) continue;
      double x1 = axis.x(Math.max(p.from(), axis.from()));
      double x2 = axis.x(Math.min(p.to(), axis.to()));
      b.append("<rect class=\"band ").append(esc(p.access().toString())).append("\" x=\"").append(fmt(x1)).append("\" y=\"").append(y)
          .append("\" width=\"").append(fmt(Math.max(0.5, x2 - x1))).append("\" height=\"").append(BAND_HEIGHT).append("\" fill=\"")
          .append(ACCESS.get(p.access())).append("\"><title>").append(esc(csv.name())).append(": ")
          .append(esc(p.access().toString())).append(", coordinator ").append(esc(p.coordinator())).append(", ")
          .append(TextReport.duration(p.to() - p.from())).append("</title></rect>");
      if (p.access() != Access.DIRECT && x2 - x1 > 60) {
        b.append("<text x=\"").append(fmt(x1 + 3)).append("\" y=\"").append(y + 12).append("\">").append(esc(p.coordinator()))
            .append("</text>");
      }
    }
  }

  private static void job(StringBuilder b, JobResult j, Axis axis, int y) {
    double started = j.startedAt() == null ? j.endedAt() : j.startedAt();
    double prepared = j.preparedAt() == null ? j.endedAt() : j.preparedAt();
    double moveStart = Math.max(started, prepared - j.ownershipMoveSeconds());
    double snapshot = j.snapshotAt() == null ? j.endedAt() : j.snapshotAt();
    String[] colors = PHASES.values().toArray(String[]::new);
    double[][] segments = {{j.queuedAt(), started}, {started, moveStart}, {moveStart, prepared}, {prepared, snapshot}, {snapshot, j.endedAt()}};
    String tip = esc(j.vm() + " on " + j.node() + " (" + j.csv() + "), " + j.kind() + ", attempt " + j.attempt() + ": " + j.outcome()
        + (j.reason().isEmpty() ? "" : " - " + j.reason()) + ", " + TextReport.bytes(j.bytes()));
    b.append("<g class=\"job ").append(esc(j.outcome().toString())).append("\"><title>").append(tip).append("</title>");
    for (int s = 0; s < segments.length; s++) {
      double from = Math.max(segments[s][0], axis.from());
      double to = Math.min(segments[s][1], axis.to());
      if (to <= from) continue;
      b.append("<rect x=\"").append(fmt(axis.x(from))).append("\" y=\"").append(y).append("\" width=\"")
          .append(fmt(Math.max(0.5, axis.x(to) - axis.x(from)))).append("\" height=\"").append(LANE_HEIGHT).append("\" fill=\"")
          .append(colors[s]).append("\"/>");
    }
    if (j.outcome() != JobOutcome.SUCCEEDED) {
      double x1 = axis.x(Math.max(j.queuedAt(), axis.from()));
      double x2 = axis.x(Math.min(j.endedAt(), axis.to()));
      b.append("<rect x=\"").append(fmt(x1)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(Math.max(1, x2 - x1)))
          .append("\" height=\"").append(LANE_HEIGHT).append("\" fill=\"none\" stroke=\"")
          .append(j.outcome() == JobOutcome.FAILED ? "#c0392b\" stroke-width=\"2\"" : "#555\" stroke-dasharray=\"3,2\"").append("/>");
    }
    b.append("</g>");
  }

  /** Greedy interval partitioning: each job goes into the first lane whose last job has ended. */
  static List<List<JobResult>> pack(List<JobResult> jobs) {
    List<JobResult> sorted = new ArrayList<>(jobs);
    sorted.sort(Comparator.comparingDouble(JobResult::queuedAt).thenComparingLong(JobResult::id));
    List<List<JobResult>> lanes = new ArrayList<>();
    for (JobResult j : sorted) {
      List<JobResult> free = null;
      for (List<JobResult> lane : lanes) {
        if (lane.get(lane.size() - 1).endedAt() <= j.queuedAt()) {
          free = lane;
          break;
        }
      }
      if (free == null) {
        free = new ArrayList<>();
        lanes.add(free);
      }
      free.add(j);
    }
    return lanes;
  }

  /** A named series and its colour for the line charts. */
  private record Series(String name, String color, double[] values) {}

  private static final String[] PALETTE = {"#2f80ed", "#eb5757", "#27ae60", "#9b51e0", "#f2994a", "#56ccf2", "#bb6bd9", "#219653",
      "#828282", "#f2c94c", "#6fcf97", "#2d9cdb", "#b8860b", "#e91e63", "#795548", "#607d8b"};

  private static void overTime(StringBuilder b, SimulationResult r, Axis axis) {
    var t = r.timeline();
    b.append("<h2>VM I/O latency over time, all VMs (ms, log scale)</h2>\n");
    lines(b, axis, t.bucketSeconds(), List.of(new Series("direct p50", "#27ae60", t.directP50Ms()),
        new Series("direct p99", "#6fcf97", t.directP99Ms()), new Series("redirected p50", "#eb5757", t.redirectedP50Ms()),
        new Series("redirected p99", "#f2994a", t.redirectedP99Ms())), true, "ms");
    if (!t.mostAffectedVms().isEmpty()) {
      b.append("<h2>The most affected VMs (worst redirected p99), one chart each: p50 and p99 per bucket, direct vs redirected (ms, log scale)</h2>\n");
      for (var vm : t.mostAffectedVms()) {
        b.append("<h3>").append(esc(vm.name())).append("</h3>\n");
        lines(b, axis, t.bucketSeconds(), List.of(new Series("direct p50", "#27ae60", vm.directP50Ms()),
            new Series("direct p99", "#6fcf97", vm.directP99Ms()), new Series("redirected p50", "#eb5757", vm.redirectedP50Ms()),
            new Series("redirected p99", "#f2994a", vm.redirectedP99Ms())), true, "ms");
      }
    }
    if (r.mode().equals("csv")) {
      b.append("<h2>Coordinator NIC utilisation (redirected I/O served), per node</h2>\n");
      List<Series> nics = new ArrayList<>();
      for (int i = 0; i < t.nodes().size(); i++) {
        nics.add(new Series(t.nodes().get(i).name(), PALETTE[i % PALETTE.length], percent(t.nodes().get(i).nicUtilisation())));
      }
      lines(b, axis, t.bucketSeconds(), nics, false, "%");
    }
    b.append("<h2>Storage and backup network utilisation</h2>\n");
    lines(b, axis, t.bucketSeconds(), List.of(new Series("storage controller", "#9b51e0", percent(t.storageUtilisation())),
        new Series("backup network", "#2f80ed", percent(t.backupNetworkUtilisation()))), false, "%");
  }

  private static double[] percent(double[] fractions) {
    double[] p = new double[fractions.length];
    for (int i = 0; i < p.length; i++) p[i] = 100 * fractions[i];
    return p;
  }

  /** A line chart over the axis' time range; each bucket's value is drawn at the bucket's middle. */
  private static void lines(StringBuilder b, Axis axis, double bucketSeconds, List<Series> series, boolean log, String unit) {
    int height = 160;
    int top = 18;
    double max = 0;
    double min = Double.MAX_VALUE;
    for (Series s : series) {
      for (int i = 0; i < s.values().length; i++) {
        double mid = (i + 0.5) * bucketSeconds;
        double v = s.values()[i];
        if (mid < axis.from() || mid > axis.to() || Double.isNaN(v)) continue;
        max = Math.max(max, v);
        if (v > 0) min = Math.min(min, v);
      }
    }
    if (max <= 0) max = 1;
    if (min == Double.MAX_VALUE || min >= max) min = max / 10;
    double lo = log ? Math.log10(min) : 0;
    double hi = log ? Math.log10(max) : max;
    double span = Math.max(1e-9, hi - lo);
    b.append("<div class=\"legend\">");
    for (Series s : series) b.append("<span><i style=\"background:").append(s.color()).append("\"></i>").append(esc(s.name())).append("</span>");
    b.append("</div>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL_WIDTH + CHART_WIDTH + 20)
        .append("\" height=\"").append(height + top + 6).append("\" role=\"img\">");
    ticks(b, axis, height + top);
    for (int g = 0; g <= 4; g++) {
      double y = top + height - g * height / 4.0;
      double value = log ? Math.pow(10, lo + span * g / 4) : span * g / 4;
      b.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\">")
          .append(value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2g", value)).append(' ')
          .append(unit).append("</text><line x1=\"").append(LABEL_WIDTH).append("\" x2=\"").append(LABEL_WIDTH + CHART_WIDTH)
          .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#eee\"/>");
    }
    for (Series s : series) {
      // A bucket without data ends the line: nothing is drawn across a gap.
      StringBuilder points = new StringBuilder();
      for (int i = 0; i <= s.values().length; i++) {
        double mid = (i + 0.5) * bucketSeconds;
        double v = i < s.values().length ? s.values()[i] : Double.NaN;
        boolean drawable = mid >= axis.from() && mid <= axis.to() && !Double.isNaN(v) && !(log && v <= 0);
        if (drawable) {
          double scaled = ((log ? Math.log10(v) : v) - lo) / span;
          points.append(fmt(axis.x(mid))).append(',').append(fmt(top + height - Math.max(0, Math.min(1, scaled)) * height)).append(' ');
        } else if (points.length() > 0) {
          b.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke=\"")
              .append(s.color()).append("\" points=\"").append(points).append("\"><title>").append(esc(s.name())).append("</title></polyline>");
          points.setLength(0);
        }
      }
    }
    b.append("</svg>\n");
  }

  private static void server(StringBuilder b, String name, SimulationResult.Utilisation u, long startTimeOfDay, String notes) {
    b.append("<tr><td>").append(esc(name)).append("</td><td>").append(TextReport.percent(u.run())).append("</td><td>")
        .append(TextReport.percent(u.backupWindow())).append("</td><td>").append(TextReport.peak(u, startTimeOfDay)).append("</td><td>")
        .append(esc(notes)).append("</td></tr>\n");
  }

  private static void nodeTable(StringBuilder b, SimulationResult r, long startTimeOfDay) {
    b.append("<h2>Per node: redirected I/O served as coordinator</h2>\n<table><tr><th>node</th><th>ops</th>")
        .append("<th>bytes</th><th>NIC busy</th><th>NIC utilisation</th><th>over the backup window</th><th>busiest bucket</th>")
        .append("<th>mean NIC wait (ms)</th></tr>\n");
    for (NodeResult n : r.nodes()) {
      b.append("<tr><td>").append(esc(n.name())).append("</td><td>").append(String.format(Locale.ROOT, "%,d", n.redirectServedOps()))
          .append("</td><td>").append(TextReport.bytes(n.redirectServedBytes())).append("</td><td>")
          .append(TextReport.duration(n.nicBusySeconds())).append("</td><td>").append(fmt(100 * n.nicUtilisation())).append("%</td><td>")
          .append(TextReport.percent(n.nic().backupWindow())).append("</td><td>").append(TextReport.peak(n.nic(), startTimeOfDay))
          .append("</td><td>").append(fmt(n.nicMeanWaitMs())).append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void mostHurtTable(StringBuilder b, SimulationResult r) {
    b.append("<h2>VMs most hurt by redirected I/O (latency in ms)</h2>\n<table><tr><th>VM</th><th>node</th>")
        .append("<th>CSV</th><th>redirected ops</th><th>redirected time</th><th>direct p50</th><th>direct p99</th>")
        .append("<th>redirected p50</th><th>redirected p99</th><th>redirected p99 without held ops</th>")
        .append("<th>redirected p99 mostly</th><th>redirected mean: held / network / NIC / array</th>")
        .append("<th>downtime</th><th>ops lost in crashes</th></tr>\n");
    List<VmResult> hurt = r.vms().stream().filter(v -> v.redirectedOps() > 0)
        .sorted(Comparator.comparingDouble((VmResult v) -> v.latencyMs().redirected().p99()).reversed()).limit(20).toList();
    for (VmResult v : hurt) {
      b.append("<tr><td>").append(esc(v.name())).append("</td><td>").append(esc(TextReport.placement(v))).append("</td><td>").append(esc(v.csv()))
          .append("</td><td>").append(String.format(Locale.ROOT, "%,d", v.redirectedOps())).append("</td><td>")
          .append(TextReport.duration(v.redirectedSeconds())).append("</td><td>").append(fmt(v.latencyMs().direct().p50()))
          .append("</td><td>").append(fmt(v.latencyMs().direct().p99())).append("</td><td>").append(fmt(v.latencyMs().redirected().p50()))
          .append("</td><td>").append(fmt(v.latencyMs().redirected().p99())).append("</td><td>")
          .append(fmt(v.latencyMs().redirected().p99NotHeld())).append("</td><td>")
          .append(esc(LatencyStory.describe(v.latencyMs().redirected().tailCause()))).append("</td><td>")
          .append(esc(parts(v.latencyMs().redirected()))).append("</td><td>")
          .append(TextReport.duration(v.downtimeSeconds())).append("</td><td>").append(String.format(Locale.ROOT, "%,d", v.opsFailed()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void tables(StringBuilder b, SimulationResult r, long startTimeOfDay) {
    b.append("<h2>Per CSV</h2>\n<table><tr><th>CSV</th><th>redirected</th><th>moving</th><th>moves</th><th>failovers</th>")
        .append("<th>max concurrent backups</th><th>jobs</th><th>window</th><th>coordinator at end</th></tr>\n");
    for (CsvResult c : r.csvs()) {
      b.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(TextReport.duration(c.redirectedSeconds()))
          .append("</td><td>").append(TextReport.duration(c.movingSeconds())).append("</td><td>").append(c.ownershipMoves())
          .append("</td><td>").append(c.failovers()).append("</td><td>").append(c.maxConcurrentBackups()).append("</td><td>").append(c.jobs()).append("</td><td>")
          .append(c.backupWindowSeconds() == null ? "-" : TextReport.duration(c.backupWindowSeconds())).append("</td><td>")
          .append(esc(c.coordinatorAtEnd())).append("</td></tr>\n");
    }
    b.append("</table>\n");
    boolean csv = r.mode().equals("csv"); // without CSV nothing is redirected: no NIC or redirect tables
    if (csv) nodeTable(b, r, startTimeOfDay);
    b.append("<h2>Storage and backup network</h2>\n<table><tr><th>server</th><th>utilisation</th>")
        .append("<th>over the backup window</th><th>busiest bucket</th><th>notes</th></tr>\n");
    server(b, "storage array", r.storage().busy(), startTimeOfDay, String.format(Locale.ROOT, "%,d VM ops, mean queue wait %s ms; %s read by backups (counted)",
        r.storage().opsServed(), fmt(r.storage().meanWaitMs()), TextReport.bytes(r.storage().backupBytesRead())));
    server(b, "backup network to DPM", r.dpm().backupNetwork(), startTimeOfDay, TextReport.bytes(r.dpm().bytesReceived()) + " received");
    b.append("</table>\n");
    if (csv) mostHurtTable(b, r);
    b.append("<h2>Failed jobs</h2>\n");
    List<JobResult> failed = r.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).toList();
    if (failed.isEmpty()) b.append("<p>None.</p>\n");
    else {
      b.append("<table><tr><th>VM</th><th>node</th><th>attempt</th><th>ended</th><th>reason</th></tr>\n");
      for (JobResult j : failed) {
        b.append("<tr><td>").append(esc(j.vm())).append("</td><td>").append(esc(j.node())).append("</td><td>").append(j.attempt())
            .append("</td><td>").append(fmt(j.endedAt())).append(" s</td><td style=\"text-align:left\">").append(esc(j.reason()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    List<JobResult> retried = r.jobs().stream().filter(j -> j.attempt() > 1 || j.kind() == JobKind.CONSISTENCY_CHECK).toList();
    if (!retried.isEmpty()) {
      b.append("<h2>Retries and consistency checks</h2>\n<table><tr><th>VM</th><th>node</th><th>kind</th><th>attempt</th>")
          .append("<th>queued</th><th>ended</th><th>outcome</th></tr>\n");
      for (JobResult j : retried) {
        b.append("<tr class=\"retry\"><td>").append(esc(j.vm())).append("</td><td>").append(esc(j.node())).append("</td><td>")
            .append(esc(j.kind().toString())).append("</td><td>").append(j.attempt()).append("</td><td>").append(fmt(j.queuedAt()))
            .append(" s</td><td>").append(fmt(j.endedAt())).append(" s</td><td>").append(esc(j.outcome().toString())).append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    if (!r.faults().isEmpty()) {
      b.append("<h2>Faults</h2>\n<table><tr><th>time</th><th>fault</th><th>where</th><th>what happened</th></tr>\n");
      for (FaultLines.Line f : FaultLines.of(r.faults())) {
        b.append("<tr class=\"fault\"><td>").append(TextReport.at(f.at(), startTimeOfDay)).append("</td><td>").append(esc(f.kind()))
            .append("</td><td style=\"text-align:left\">").append(esc(f.where(Integer.MAX_VALUE))).append("</td><td style=\"text-align:left\">")
            .append(esc(f.what())).append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<h2>Invariants</h2>\n<table>");
    r.invariants().forEach((name, ok) -> b.append("<tr><td>").append(esc(name)).append("</td><td class=\"").append(ok ? "ok" : "bad")
        .append("\">").append(ok ? "ok" : "VIOLATED").append("</td></tr>\n"));
    b.append("</table>\n");
    for (String v : r.invariantViolations()) b.append("<p class=\"bad\">").append(esc(v)).append("</p>\n");
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

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Escapes text for HTML element content and attribute values. */
  static String esc(String s) {
    return StringEscapeUtils.escapeHtml4(s); // attributes are double-quoted: quotes, <, > and & suffice
  }

}

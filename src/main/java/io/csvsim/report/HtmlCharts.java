package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.AccessPeriod;
import io.csvsim.result.SimulationResult.MaintenanceResult;
import io.csvsim.result.SimulationResult.SnapshotResult;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.NodeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** report.html's charts: the backups as Gantt rows per CSV and per node, and the run over time as line charts. */
final class HtmlCharts {
  private HtmlCharts() {}

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

  private static final String MAINTENANCE = "#8e44ad";
  private static final String SNAPSHOT = "#16a085";
  private static final Map<Access, String> ACCESS = Map.of(Access.DIRECT, "#e0f0e0", Access.MOVING, "#f2994a", Access.REDIRECTED, "#eb5757",
      Access.MAINTENANCE, "#555555");

  private static final String[] PALETTE = {"#2f80ed", "#eb5757", "#27ae60", "#9b51e0", "#f2994a", "#56ccf2", "#bb6bd9", "#219653",
      "#828282", "#f2c94c", "#6fcf97", "#2d9cdb", "#b8860b", "#e91e63", "#795548", "#607d8b"};

  /** Maps simulated seconds to x pixels and labels ticks with the time of day. */
  record Axis(double from, double to, long startTimeOfDay) {
    double x(double seconds) {
      return LABEL_WIDTH + (seconds - from) / Math.max(1e-9, to - from) * CHART_WIDTH;
    }

    /** The jobs' span with a margin, within the run. */
    static Axis ofJobs(SimulationResult r) {
      double from = r.jobs().stream().mapToDouble(JobResult::queuedAt).min().orElse(0);
      double to = r.jobs().stream().mapToDouble(JobResult::endedAt).max().orElse(r.simulatedSeconds());
      double pad = Math.max(60, (to - from) * 0.03);
      return new Axis(Math.max(0, from - pad), Math.min(r.simulatedSeconds(), to + pad), r.startTimeOfDaySeconds());
    }
  }

  /** Every chart of a run with jobs, with their headings. */
  static void all(StringBuilder b, SimulationResult r) {
    Axis axis = Axis.ofJobs(r);
    b.append("<h2>Backups per CSV, with each CSV's access state</h2>\n");
    legend(b);
    gantt(b, r, axis, JobResult::csv, true);
    b.append("<h2>Backups per node</h2>\n");
    gantt(b, r, axis, JobResult::node, false);
    overTime(b, r, axis);
  }

  private static void legend(StringBuilder b) {
    b.append("<div class=\"legend\">");
    PHASES.forEach((name, color) -> swatch(b, "background:" + color, name));
    swatch(b, "background:" + ACCESS.get(Access.REDIRECTED), "CSV redirected");
    swatch(b, "background:" + ACCESS.get(Access.MOVING), "CSV moving");
    swatch(b, "background:" + ACCESS.get(Access.MAINTENANCE), "CSV in maintenance mode (its VMs stopped)");
    swatch(b, "background:" + MAINTENANCE, "CSV held by maintenance");
    swatch(b, "background:" + SNAPSHOT, "2012: one snapshot taken for a batch of backups");
    swatch(b, "border:2px solid #c0392b", "failed");
    swatch(b, "border:2px dashed #555", "cancelled at the end");
    b.append("</div>\n");
  }

  private static void swatch(StringBuilder b, String style, String name) {
    b.append("<span><i style=\"").append(style).append("\"></i>").append(HtmlReport.esc(name)).append("</span>");
  }

  /** Rows grouped by CSV or node; each group's jobs packed into lanes of non-overlapping jobs. */
  private static void gantt(StringBuilder b, SimulationResult r, Axis axis, Function<JobResult, String> group, boolean bands) {
    Map<String, List<JobResult>> groups = new LinkedHashMap<>();
    List<String> order = bands ? r.csvs().stream().map(CsvResult::name).toList() : r.nodes().stream().map(NodeResult::name).toList();
    for (String g : order) groups.put(g, new ArrayList<>());
    for (JobResult j : r.jobs()) groups.computeIfAbsent(group.apply(j), k -> new ArrayList<>()).add(j);
    StringBuilder rowsOut = new StringBuilder();
    Svg rows = new Svg(rowsOut);
    int y = 24;
    for (Map.Entry<String, List<JobResult>> entry : groups.entrySet()) {
      rows.label(entry.getKey(), "x", 4, "y", y + 12, "font-weight", "bold");
      if (bands) {
        CsvResult csv = r.csvs().stream().filter(c -> c.name().equals(entry.getKey())).findFirst().orElseThrow();
        band(rows, csv, axis, y);
        y += BAND_HEIGHT + 4;
      } else {
        y += 16;
      }
      for (List<JobResult> lane : pack(entry.getValue())) {
        for (JobResult j : lane) job(rows, j, axis, y);
        y += LANE_HEIGHT + 2;
      }
      y += 8;
    }
    int height = y + 4;
    Svg svg = new Svg(b).open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", LABEL_WIDTH + CHART_WIDTH + 20, "height", height,
        "role", "img");
    ticks(svg, axis, height);
    b.append(rowsOut);
    svg.close("svg");
    b.append('\n');
  }

  private static void ticks(Svg svg, Axis axis, int height) {
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
      svg.element("line", "x1", x, "y1", 14, "x2", x, "y2", height, "stroke", "#eee");
      svg.label(TextReport.timeOfDay(t, axis.startTimeOfDay()), "x", x + 2, "y", 11);
    }
  }

  private static void band(Svg svg, CsvResult csv, Axis axis, int y) {
    for (AccessPeriod p : csv.accessPeriods()) {
      if (p.to() <= axis.from() || p.from() >= axis.to()) continue;
      double x1 = axis.x(Math.max(p.from(), axis.from()));
      double x2 = axis.x(Math.min(p.to(), axis.to()));
      svg.open("rect", "class", "band " + p.access(), "x", x1, "y", y, "width", Math.max(0.5, x2 - x1), "height", BAND_HEIGHT,
              "fill", ACCESS.get(p.access()))
          .title(csv.name() + ": " + p.access() + ", coordinator " + p.coordinator() + ", " + TextReport.duration(p.to() - p.from()))
          .close("rect");
      if (p.access() != Access.DIRECT && x2 - x1 > 60) svg.label(p.coordinator(), "x", x1 + 3, "y", y + 12);
    }
    // Maintenance is the redirect's cause for its hold: a strip along the band's foot says so.
    for (MaintenanceResult m : csv.maintenance()) {
      if (m.from() == null || m.to() <= axis.from() || m.from() >= axis.to()) continue;
      double x1 = axis.x(Math.max(m.from(), axis.from()));
      double x2 = axis.x(Math.min(m.to(), axis.to()));
      svg.open("rect", "class", "maintenance-hold", "x", x1, "y", y + BAND_HEIGHT - 5, "width", Math.max(0.5, x2 - x1), "height", 5,
              "fill", MAINTENANCE)
          .title(csv.name() + ": " + m.kind() + " from " + m.node() + ", " + TextReport.duration(m.to() - m.from()) + " (" + m.outcome() + ")")
          .close("rect");
    }
    // 2012: the snapshots the volume took for its batches, along the band's top.
    for (SnapshotResult n : csv.snapshots()) {
      if (n.to() <= axis.from() || n.from() >= axis.to()) continue;
      double x1 = axis.x(Math.max(n.from(), axis.from()));
      double x2 = axis.x(Math.min(n.to(), axis.to()));
      svg.open("rect", "class", "snapshot-batch", "x", x1, "y", y, "width", Math.max(0.5, x2 - x1), "height", 5, "fill", SNAPSHOT)
          .title(csv.name() + ": one snapshot for " + n.jobs() + " backups" + (n.node() == null ? " (hardware)" : " on " + n.node())
              + ", " + TextReport.duration(n.to() - n.from()) + (n.lost() ? ", lost with its node" : ""))
          .close("rect");
    }
  }

  private static void job(Svg svg, JobResult j, Axis axis, int y) {
    double started = j.startedAt() == null ? j.endedAt() : j.startedAt();
    double prepared = j.preparedAt() == null ? j.endedAt() : j.preparedAt();
    double moveStart = Math.max(started, prepared - j.ownershipMoveSeconds());
    double snapshot = j.snapshotAt() == null ? j.endedAt() : j.snapshotAt();
    String[] colors = PHASES.values().toArray(String[]::new);
    double[][] segments = {{j.queuedAt(), started}, {started, moveStart}, {moveStart, prepared}, {prepared, snapshot}, {snapshot, j.endedAt()}};
    svg.open("g", "class", "job " + j.outcome())
        .title(j.vm() + " on " + j.node() + " (" + j.csv() + "), " + j.kind() + ", attempt " + j.attempt() + ": " + j.outcome()
            + (j.reason().isEmpty() ? "" : " - " + j.reason()) + ", " + TextReport.bytes(j.bytes()));
    for (int s = 0; s < segments.length; s++) {
      double from = Math.max(segments[s][0], axis.from());
      double to = Math.min(segments[s][1], axis.to());
      if (to <= from) continue;
      svg.element("rect", "x", axis.x(from), "y", y, "width", Math.max(0.5, axis.x(to) - axis.x(from)), "height", LANE_HEIGHT,
          "fill", colors[s]);
    }
    if (j.outcome() != JobOutcome.SUCCEEDED) {
      double x1 = axis.x(Math.max(j.queuedAt(), axis.from()));
      double x2 = axis.x(Math.min(j.endedAt(), axis.to()));
      double width = Math.max(1, x2 - x1);
      if (j.outcome() == JobOutcome.FAILED) {
        svg.element("rect", "x", x1, "y", y, "width", width, "height", LANE_HEIGHT, "fill", "none", "stroke", "#c0392b", "stroke-width", 2);
      } else {
        svg.element("rect", "x", x1, "y", y, "width", width, "height", LANE_HEIGHT, "fill", "none", "stroke", "#555",
            "stroke-dasharray", "3,2");
      }
    }
    svg.close("g");
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

  private static List<Series> latencies(double[] directP50, double[] directP99, double[] redirectedP50, double[] redirectedP99) {
    return List.of(new Series("direct p50", "#27ae60", directP50), new Series("direct p99", "#6fcf97", directP99),
        new Series("redirected p50", "#eb5757", redirectedP50), new Series("redirected p99", "#f2994a", redirectedP99));
  }

  private static void overTime(StringBuilder b, SimulationResult r, Axis axis) {
    var t = r.timeline();
    b.append("<h2>VM I/O latency over time, all VMs (ms, log scale)</h2>\n");
    lines(b, axis, t.bucketSeconds(), latencies(t.directP50Ms(), t.directP99Ms(), t.redirectedP50Ms(), t.redirectedP99Ms()), true, "ms");
    if (!t.mostAffectedVms().isEmpty()) {
      b.append("<h2>The most affected VMs (worst redirected p99), one chart each: p50 and p99 per bucket, direct vs redirected (ms, log scale)</h2>\n");
      for (var vm : t.mostAffectedVms()) {
        b.append("<h3>").append(HtmlReport.esc(vm.name())).append("</h3>\n");
        lines(b, axis, t.bucketSeconds(), latencies(vm.directP50Ms(), vm.directP99Ms(), vm.redirectedP50Ms(), vm.redirectedP99Ms()), true, "ms");
      }
    }
    if (ResultView.sharedVolumes(r)) {
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
    for (Series s : series) swatch(b, "background:" + s.color(), s.name());
    b.append("</div>\n");
    Svg svg = new Svg(b).open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", LABEL_WIDTH + CHART_WIDTH + 20,
        "height", height + top + 6, "role", "img");
    ticks(svg, axis, height + top);
    for (int g = 0; g <= 4; g++) {
      double y = top + height - g * height / 4.0;
      double value = log ? Math.pow(10, lo + span * g / 4) : span * g / 4;
      String label = (value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2g", value)) + " " + unit;
      svg.label(label, "x", LABEL_WIDTH - 6, "y", y + 4, "text-anchor", "end");
      svg.element("line", "x1", LABEL_WIDTH, "x2", LABEL_WIDTH + CHART_WIDTH, "y1", y, "y2", y, "stroke", "#eee");
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
          points.append(Svg.num(axis.x(mid))).append(',').append(Svg.num(top + height - Math.max(0, Math.min(1, scaled)) * height)).append(' ');
        } else if (points.length() > 0) {
          svg.open("polyline", "class", "series", "fill", "none", "stroke-width", "1.5", "stroke-linecap", "round", "stroke", s.color(),
              "points", points.toString()).title(s.name()).close("polyline");
          points.setLength(0);
        }
      }
    }
    svg.close("svg");
    b.append('\n');
  }
}

package io.csvsim.report;

import io.csvsim.plan.Planner.Evaluation;
import io.csvsim.plan.Planner.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** plan.json and plan.html: what the planner tried, what it recommends, and why. */
public final class PlanReport {
  private PlanReport() {}

  /** plan.json's content, for a JSON mapper. */
  public static Map<String, Object> json(String scenario, Plan plan, long startTimeOfDaySeconds) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", scenario);
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("windowEnds", plan.target().windowEnds());
    target.put("maxRedirectedP99Ms", plan.target().maxRedirectedP99Ms());
    json.put("target", target);
    json.put("seeds", plan.seeds());
    json.put("evaluated", plan.evaluated().size());
    json.put("stopReason", plan.stopReason());
    json.put("current", row(plan.current(), startTimeOfDaySeconds));
    json.put("recommended", plan.recommended() == null ? null : row(plan.recommended(), startTimeOfDaySeconds));
    json.put("binding", plan.binding());
    json.put("pareto", plan.pareto().stream().map(Evaluation::label).toList());
    json.put("candidates", plan.evaluated().stream().map(e -> row(e, startTimeOfDaySeconds)).toList());
    return json;
  }

  private static Map<String, Object> row(Evaluation e, long start) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("candidate", e.label());
    m.put("settings", e.candidate().settings());
    m.put("purchases", e.candidate().purchases());
    m.put("overrides", e.candidate().overrides());
    m.put("lastJobEndedAt", e.lastJobEndedAt());
    m.put("lastJobEndedAtTimeOfDay", e.lastJobEndedAt() == null ? null : TextReport.timeOfDay(e.lastJobEndedAt(), start));
    m.put("complete", e.complete());
    m.put("unprotectedVms", e.unprotectedVms());
    m.put("failedJobs", e.failedJobs());
    m.put("redirectedSeconds", e.redirectedSeconds());
    m.put("worstRedirectedP99Ms", e.worstRedirectedP99Ms());
    m.put("worstRedirectedP99Cause", e.worstCause());
    m.put("vmDowntimeSeconds", e.downtimeSeconds());
    m.put("meetsWindow", e.meetsWindow());
    m.put("meetsLatency", e.meetsLatency());
    m.put("seedsRun", e.seedsRun());
    return m;
  }

  public static String html(String scenario, Plan plan, long start, String recommendedReport) {
    StringBuilder b = ComparisonReport.page("csvsim plan: " + scenario, "Plan: " + scenario);
    b.append("<p>Target: backups end by <b>").append(HtmlReport.esc(plan.target().windowEnds())).append("</b>");
    if (plan.target().maxRedirectedP99Ms() != null) {
      b.append(String.format(Locale.ROOT, ", worst redirected p99 at most <b>%.2f ms</b>", plan.target().maxRedirectedP99Ms()));
    }
    b.append(". Seeds ").append(plan.seeds()).append(". ").append(HtmlReport.esc(plan.stopReason())).append(".</p>\n");
    if (plan.recommended() == null) {
      b.append("<p class=\"verdict\"><b>No candidate meets the target.</b> What binds: ").append(HtmlReport.esc(plan.binding())).append("</p>\n");
    } else {
      b.append("<p class=\"verdict\"><b>Recommended:</b> ").append(HtmlReport.esc(plan.recommended().label()));
      if (recommendedReport != null) b.append(" (<a href=\"").append(HtmlReport.esc(recommendedReport)).append("\">its full report</a>)");
      b.append("</p>\n");
    }
    b.append("<h2>Current against recommended</h2>\n<table><tr><th></th><th>last job ends</th><th>redirected</th><th>worst redirected p99</th>")
        .append("<th>what made its tail</th><th>failed jobs</th><th>VMs without a backup</th><th>VM downtime</th></tr>\n");
    compare(b, "current settings", plan.current(), start);
    if (plan.recommended() != null) compare(b, "recommended", plan.recommended(), start);
    b.append("</table>\n<h2>Window against VM impact</h2>\n<p><small>Each dot a candidate that finished its backups; the ringed ones are the Pareto front "
        + "(none ends earlier with a lower worst redirected p99); the line is the target.</small></p>\n");
    pareto(b, plan, start);
    b.append("<h2>Every candidate</h2>\n<table><tr><th>candidate</th><th>purchases</th><th>last job ends</th><th>redirected</th>")
        .append("<th>worst redirected p99</th><th>VMs without a backup</th><th>meets</th></tr>\n");
    for (Evaluation e : plan.evaluated()) {
      b.append("<tr class=\"candidate\"><td>").append(HtmlReport.esc(e.label())).append("</td><td>")
          .append(HtmlReport.esc(String.join(", ", e.candidate().purchases()))).append("</td><td>").append(end(e, start)).append("</td><td>")
          .append(TextReport.duration(e.redirectedSeconds())).append("</td><td>").append(String.format(Locale.ROOT, "%.2f ms", e.worstRedirectedP99Ms()))
          .append("</td><td>").append(e.unprotectedVms()).append("</td><td").append(e.feasible() ? " class=\"best\">yes" : ">no").append("</td></tr>\n");
    }
    return b.append("</table>\n</body></html>\n").toString();
  }

  private static void compare(StringBuilder b, String name, Evaluation e, long start) {
    b.append("<tr><td>").append(name).append("</td><td>").append(end(e, start)).append("</td><td>").append(TextReport.duration(e.redirectedSeconds()))
        .append("</td><td>").append(String.format(Locale.ROOT, "%.2f ms", e.worstRedirectedP99Ms())).append("</td><td>")
        .append(HtmlReport.esc(LatencyStory.describe(e.worstCause()))).append("</td><td>").append(e.failedJobs()).append("</td><td>")
        .append(e.unprotectedVms()).append("</td><td>").append(TextReport.duration(e.downtimeSeconds())).append("</td></tr>\n");
  }

  private static String end(Evaluation e, long start) {
    return HtmlReport.esc(lastJobEnds(e, start));
  }

  /** When its last job ended, as a time of day; "after" it when the run ended first; "-" without jobs. */
  public static String lastJobEnds(Evaluation e, long start) {
    if (e.lastJobEndedAt() == null) return "-";
    return (e.complete() ? "" : "after ") + TextReport.timeOfDay(e.lastJobEndedAt(), start);
  }

  /** Window end (x) against worst redirected p99 (y), with the target's time as a line. */
  private static void pareto(StringBuilder b, Plan plan, long start) {
    List<Evaluation> done = plan.evaluated().stream().filter(e -> e.complete() && e.lastJobEndedAt() != null).toList();
    int width = 640;
    int height = 260;
    int left = 60;
    int bottom = 230;
    Svg svg = new Svg(b).open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", width, "height", height, "role", "img");
    if (done.isEmpty()) {
      svg.label("no candidate finished its backups within the run", "x", left, "y", 40);
      svg.close("svg");
      return;
    }
    double xMin = Math.min(plan.target().windowEndsAt(), done.stream().mapToDouble(Evaluation::lastJobEndedAt).min().orElseThrow());
    double xMax = Math.max(plan.target().windowEndsAt(), done.stream().mapToDouble(Evaluation::lastJobEndedAt).max().orElseThrow());
    double yMax = Math.max(1e-9, done.stream().mapToDouble(Evaluation::worstRedirectedP99Ms).max().orElseThrow()) * 1.1;
    double span = Math.max(1, xMax - xMin);
    java.util.function.DoubleUnaryOperator x = t -> left + (t - xMin) / span * (width - left - 20);
    java.util.function.DoubleUnaryOperator y = v -> bottom - v / yMax * (bottom - 20);
    svg.element("line", "x1", left, "y1", bottom, "x2", width - 10, "y2", bottom, "stroke", "#999");
    svg.element("line", "x1", left, "y1", 10, "x2", left, "y2", bottom, "stroke", "#999");
    svg.label(TextReport.timeOfDay(xMin, start), "x", left, "y", bottom + 16);
    svg.label(TextReport.timeOfDay(xMax, start), "x", width - 120, "y", bottom + 16);
    svg.label(String.format(Locale.ROOT, "%.1f ms", yMax / 1.1), "x", 4, "y", y.applyAsDouble(yMax / 1.1) + 4);
    double tx = x.applyAsDouble(plan.target().windowEndsAt());
    svg.element("line", "x1", tx, "y1", 10, "x2", tx, "y2", bottom, "stroke", "#c0392b", "stroke-dasharray", "4,3");
    svg.label("target " + plan.target().windowEnds(), "x", tx + 4, "y", 20);
    for (Evaluation e : done) {
      boolean front = plan.pareto().contains(e);
      svg.open("circle", "class", front ? "point pareto" : "point", "cx", x.applyAsDouble(e.lastJobEndedAt()), "cy", y.applyAsDouble(e.worstRedirectedP99Ms()),
              "r", front ? 6 : 4, "fill", e.feasible() ? "#27ae60" : "#95a5a6", "stroke", front ? "#222" : "none", "stroke-width", 1.5)
          .title(e.label() + ": ends " + TextReport.timeOfDay(e.lastJobEndedAt(), start) + String.format(Locale.ROOT, ", worst p99 %.2f ms", e.worstRedirectedP99Ms()))
          .close("circle");
    }
    svg.close("svg");
  }
}

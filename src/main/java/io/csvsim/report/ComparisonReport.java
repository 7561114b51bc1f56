package io.csvsim.report;

import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.VmResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** What-if comparisons: one row per variant; comparison.json, .csv and .html from the same rows. */
public final class ComparisonReport {
  private ComparisonReport() {}

  /** One variant's settings and measures; lower is better for every measure. */
  public record Row(
      String variant,
      Map<String, String> settings,
      String platform,
      String dpmLimits,
      Double backupWindowSeconds,
      boolean backupWindowComplete,
      double redirectedSeconds,
      double worstRedirectedP99Ms,
      String worstRedirectedP99Cause,
      double worstDirectP99Ms,
      int failedJobs,
      double vmDowntimeSeconds,
      boolean invariantsHold) {

    public static Row of(String variant, Map<String, String> settings, SimulationResult r) {
      LatencyStory.Worst worst = LatencyStory.worstRedirected(r);
      return new Row(variant, settings, r.platform(), limits(r), r.backupWindowSeconds(), r.backupWindowComplete(),
          r.csvs().stream().mapToDouble(CsvResult::redirectedSeconds).sum(),
          worst == null ? 0 : worst.latency().p99(), worst == null ? null : LatencyStory.explain(worst.latency()),
          r.vms().stream().filter(v -> v.latencyMs().direct().count() > 0).mapToDouble(v -> v.latencyMs().direct().p99()).max().orElse(0),
          (int) r.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).count(),
          r.vms().stream().mapToDouble(VmResult::downtimeSeconds).sum(), r.invariantsHold());
    }
  }

  /** comparison.html's head and title, for one run per variant or for replications. */
  static StringBuilder page(String scenario) {
    return page("csvsim comparison: " + scenario, "What if: " + scenario);
  }

  /** A results page's head (title, the pages' shared style) and its heading. */
  static StringBuilder page(String title, String heading) {
    StringBuilder b = new StringBuilder(16 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(HtmlReport.esc(title)).append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
        .append("table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #eee;padding:4px 10px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}td.best{background:#d5f5e3;font-weight:bold}")
        .append("svg text{font-size:11px;fill:#333}small{color:#666}</style></head><body>\n<h1>").append(HtmlReport.esc(heading))
        .append("</h1>\n");
    return b;
  }

  /** The DPM limits a variant ran with: "recommended" resolves per provider, so show what it became. */
  static String limits(SimulationResult r) {
    return "MaxAllowedParallelBackups " + r.dpm().maxAllowedParallelBackups() + ", DataSourceGroups "
        + (r.dpm().dataSourceGroups() ? "on" : "off");
  }

  /** A measure of a run, its name in JSON and CSV, and how to show it; lower is better. */
  record Measure(String key, String title, ToDoubleFunction<Row> value, boolean seconds) {
    String format(double v) {
      if (Double.isNaN(v)) return "-";
      return seconds ? TextReport.duration(v) : key.equals("failedJobs") ? trim(v) : HtmlReport.fmt(v);
    }

    private static String trim(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : HtmlReport.fmt(v);
    }
  }

  static final List<Measure> MEASURES = List.of(
      new Measure("backupWindowSeconds", "backup window", r -> r.backupWindowSeconds() == null ? Double.NaN : r.backupWindowSeconds(), true),
      new Measure("redirectedSeconds", "redirected time (all CSVs)", Row::redirectedSeconds, true),
      new Measure("worstRedirectedP99Ms", "worst redirected p99 (ms)", Row::worstRedirectedP99Ms, false),
      new Measure("worstDirectP99Ms", "worst direct p99 (ms)", Row::worstDirectP99Ms, false),
      new Measure("failedJobs", "failed jobs", r -> r.failedJobs(), false),
      new Measure("vmDowntimeSeconds", "VM downtime", Row::vmDowntimeSeconds, true));

  /** The best (lowest) value of a measure over the rows; NaN when no row has one. */
  static double best(List<Row> rows, Measure m) {
    return rows.stream().mapToDouble(m.value()).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
  }

  public static String csv(List<Row> rows) {
    List<String> keys = new ArrayList<>(rows.isEmpty() ? List.of() : rows.get(0).settings().keySet());
    StringBuilder b = new StringBuilder();
    for (String k : keys) b.append(JobsCsv.quote(k)).append(',');
    b.append("platformInEffect,dpmLimits,backupWindowSeconds,backupWindowComplete,redirectedSeconds,worstRedirectedP99Ms,worstRedirectedP99Cause,"
        + "worstDirectP99Ms,failedJobs,vmDowntimeSeconds,invariantsHold\n");
    for (Row r : rows) {
      for (String k : keys) b.append(JobsCsv.quote(r.settings().get(k))).append(',');
      b.append(r.platform()).append(',').append(JobsCsv.quote(r.dpmLimits())).append(',');
      b.append(r.backupWindowSeconds() == null ? "" : num(r.backupWindowSeconds())).append(',').append(r.backupWindowComplete())
          .append(',').append(num(r.redirectedSeconds())).append(',').append(num(r.worstRedirectedP99Ms())).append(',')
          .append(JobsCsv.quote(r.worstRedirectedP99Cause() == null ? "" : r.worstRedirectedP99Cause())).append(',')
          .append(num(r.worstDirectP99Ms())).append(',').append(r.failedJobs()).append(',').append(num(r.vmDowntimeSeconds())).append(',').append(r.invariantsHold()).append('\n');
    }
    return b.toString();
  }

  public static String html(String scenario, List<Row> rows) {
    return html(scenario, rows, Map.of());
  }

  /** comparison.html; a variant with a report in {@code reports} (paths relative to the page) links to it. */
  public static String html(String scenario, List<Row> rows, Map<String, List<String>> reports) {
    StringBuilder b = page(scenario);
    b.append("<p>").append(rows.size()).append(" variants; the best value of each measure is highlighted (lower is better).</p>\n");
    b.append("<table><tr><th>variant</th><th>platform and DPM limits in effect</th>");
    for (Measure m : MEASURES) b.append("<th>").append(HtmlReport.esc(m.title())).append("</th>");
    b.append("<th>invariants</th></tr>\n");
    double[] best = MEASURES.stream().mapToDouble(m -> best(rows, m)).toArray();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      List<String> links = reports.getOrDefault(r.variant(), List.of());
      String name = HtmlReport.esc(r.variant());
      boolean linked = !links.isEmpty() && links.get(0) != null; // null: the report could not be brought back from a worker
      b.append("<tr class=\"variant\"><td>").append(linked ? "<a href=\"" + HtmlReport.esc(links.get(0)) + "\">" + name + "</a>" : name)
          .append("</td><td>")
          .append(HtmlReport.esc(r.platform() + "; " + r.dpmLimits())).append("</td>");
      for (int k = 0; k < MEASURES.size(); k++) {
        Measure m = MEASURES.get(k);
        double v = m.value().applyAsDouble(r);
        String text = m.format(v);
        if (m.key().equals("backupWindowSeconds") && !r.backupWindowComplete() && !Double.isNaN(v)) text = "&ge; " + text;
        if (m.key().equals("worstRedirectedP99Ms") && r.worstRedirectedP99Cause() != null) {
          text += "<br><small>" + HtmlReport.esc(r.worstRedirectedP99Cause()) + "</small>";
        }
        b.append(v == best[k] ? "<td class=\"best\">" : "<td>").append(text).append("</td>");
      }
      b.append("<td>").append(r.invariantsHold() ? "ok" : "VIOLATED").append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Backup window per variant</h2>\n");
    chart(b, rows);
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void chart(StringBuilder b, List<Row> rows) {
    int width = 700;
    int barHeight = 16;
    int rowHeight = barHeight + 22;
    double max = rows.stream().mapToDouble(r -> r.backupWindowSeconds() == null ? 0 : r.backupWindowSeconds()).max().orElse(1);
    double bestWindow = best(rows, MEASURES.get(0));
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width + 90).append("\" height=\"")
        .append(rows.size() * rowHeight + 10).append("\" role=\"img\">");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int y = 14 + i * rowHeight;
      boolean has = r.backupWindowSeconds() != null;
      double w = !has || max <= 0 ? 0 : r.backupWindowSeconds() / max * width;
      String value = has ? TextReport.duration(r.backupWindowSeconds()) : "no jobs";
      b.append("<text x=\"0\" y=\"").append(y).append("\">").append(HtmlReport.esc(r.variant())).append("</text>")
          .append("<rect class=\"window\" x=\"0\" y=\"").append(y + 4).append("\" width=\"").append(HtmlReport.fmt(Math.max(1, w)))
          .append("\" height=\"").append(barHeight).append("\" fill=\"")
          .append(has && r.backupWindowSeconds() == bestWindow ? "#27ae60" : "#2f80ed").append("\"><title>")
          .append(HtmlReport.esc(r.variant())).append(": ").append(value).append("</title></rect>")
          .append("<text x=\"").append(HtmlReport.fmt(w + 4)).append("\" y=\"").append(y + 16).append("\">").append(value).append("</text>");
    }
    b.append("</svg>\n");
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }


  /** Every combination of the varied values, in the order given, first key slowest. */
  public static List<Map<String, String>> combinations(Map<String, List<String>> vary) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : vary.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : out) {
        for (String value : axis.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(axis.getKey(), value);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  /** A variant's label, e.g. "provider=hardware, MaxAllowedParallelBackups=1". */
  public static String label(Map<String, String> settings) {
    List<String> parts = new ArrayList<>();
    settings.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }
}

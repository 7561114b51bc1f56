package io.csvsim.report;

import io.csvsim.report.ComparisonReport.Measure;
import io.csvsim.report.ComparisonReport.Row;
import io.csvsim.result.SimulationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A comparison over replications: each variant run with several seeds, each measure given as its
 * mean with a 95% confidence interval. A variant is marked best in a measure only when its
 * interval lies wholly below every other variant's; otherwise the measure is "not separable" with
 * these seeds. comparison.json keeps every seed's row.
 */
public final class ReplicatedComparison {
  private ReplicatedComparison() {}

  /** One variant over its seeds: an {@link Estimate} per measure (keyed as in comparison.csv) and every seed's row. */
  public record Variant(String variant, Map<String, String> settings, String dpmLimits, List<Long> seeds,
      Map<String, Estimate> measures, boolean invariantsHold, List<Row> runs) {

    public static Variant of(String variant, Map<String, String> settings, List<SimulationResult> results) {
      return of(variant, settings, results.stream().map(SimulationResult::seed).toList(),
          results.stream().map(r -> Row.of(variant, settings, r)).toList());
    }

    /** From the seeds' rows, wherever they were computed (here, or on a sweep's workers). */
    public static Variant of(String variant, Map<String, String> settings, List<Long> seeds, List<Row> runs) {
      Map<String, Estimate> measures = new LinkedHashMap<>();
      for (Measure m : ComparisonReport.MEASURES) measures.put(m.key(), Estimate.of(runs.stream().mapToDouble(m.value()).toArray()));
      return new Variant(variant, settings, runs.get(0).dpmLimits(), List.copyOf(seeds), measures,
          runs.stream().allMatch(Row::invariantsHold), List.copyOf(runs));
    }
  }

  /** Per measure key, the variant whose interval lies below all the others', or null: not separable. */
  public static Map<String, String> best(List<Variant> variants) {
    Map<String, String> best = new LinkedHashMap<>();
    for (Measure m : ComparisonReport.MEASURES) {
      Variant lowest = null;
      for (Variant v : variants) {
        Estimate e = v.measures().get(m.key());
        if (e.n() > 0 && (lowest == null || e.mean() < lowest.measures().get(m.key()).mean())) lowest = v;
      }
      boolean separates = lowest != null && variants.size() > 1;
      for (Variant v : variants) {
        if (v == lowest || v.measures().get(m.key()).n() == 0) continue;
        if (!lowest.measures().get(m.key()).below(v.measures().get(m.key()))) separates = false;
      }
      best.put(m.key(), separates ? lowest.variant() : null);
    }
    return best;
  }

  public static String csv(List<Variant> variants) {
    List<String> keys = new ArrayList<>(variants.isEmpty() ? List.of() : variants.get(0).settings().keySet());
    StringBuilder b = new StringBuilder();
    for (String k : keys) b.append(JobsCsv.quote(k)).append(',');
    b.append("dpmLimits,replications");
    for (Measure m : ComparisonReport.MEASURES) {
      for (String part : List.of("Mean", "Sd", "Low95", "High95")) b.append(',').append(m.key()).append(part);
    }
    b.append(",invariantsHold\n");
    for (Variant v : variants) {
      for (String k : keys) b.append(JobsCsv.quote(v.settings().get(k))).append(',');
      b.append(JobsCsv.quote(v.dpmLimits())).append(',').append(v.seeds().size());
      for (Measure m : ComparisonReport.MEASURES) {
        Estimate e = v.measures().get(m.key());
        for (double x : new double[] {e.mean(), e.sd(), e.low(), e.high()}) b.append(',').append(Double.isNaN(x) ? "" : ComparisonReport.num(x));
      }
      b.append(',').append(v.invariantsHold()).append('\n');
    }
    return b.toString();
  }

  /** "1h03m20s ± 2m10s": the mean and the half-width of its 95% interval. */
  static String plusMinus(Measure m, Estimate e) {
    if (e.n() == 0) return "-";
    String mean = m.format(e.mean());
    if (e.n() < 2) return mean;
    return mean + " ± " + (m.seconds() ? TextReport.duration(e.halfWidth()) : HtmlReport.fmt(e.halfWidth()));
  }

  /** One variant's measures, a line each: "  backup window  1h03m20s ± 2m10s (59m40s to 1h07m00s)". */
  public static String lines(Variant v) {
    StringBuilder b = new StringBuilder();
    int width = ComparisonReport.MEASURES.stream().mapToInt(m -> m.title().length()).max().orElse(0);
    for (Measure m : ComparisonReport.MEASURES) {
      Estimate e = v.measures().get(m.key());
      b.append(String.format(Locale.ROOT, "  %-" + width + "s  %s", m.title(), plusMinus(m, e)));
      if (e.n() > 1) b.append(" (").append(m.format(e.low())).append(" to ").append(m.format(e.high())).append(')');
      b.append('\n');
    }
    return b.toString();
  }

  /** The terminal's lines: a variant each, then which measures separate. */
  public static String text(List<Variant> variants) {
    StringBuilder b = new StringBuilder();
    int width = variants.stream().mapToInt(v -> v.variant().length()).max().orElse(0);
    for (Variant v : variants) {
      b.append(String.format(Locale.ROOT, "  %-" + width + "s ", v.variant()));
      for (Measure m : ComparisonReport.MEASURES) b.append(" ").append(m.title()).append(" ").append(plusMinus(m, v.measures().get(m.key()))).append(';');
      b.setLength(b.length() - 1);
      b.append(String.format(Locale.ROOT, "  (%d seeds, %s)%n", v.seeds().size(), v.dpmLimits()));
    }
    Map<String, String> best = best(variants);
    for (Measure m : ComparisonReport.MEASURES) {
      String winner = best.get(m.key());
      b.append("  ").append(m.title()).append(": ")
          .append(winner == null ? "not separable (the 95% intervals overlap)" : "best " + winner).append('\n');
    }
    return b.toString();
  }

  /** comparison.html: the table of means and intervals; each variant links to its seeds' reports. */
  public static String html(String scenario, List<Variant> variants, Map<String, List<String>> reports) {
    StringBuilder b = ComparisonReport.page(scenario);
    b.append("<p>")
        .append(variants.size()).append(" variants, ").append(variants.isEmpty() ? 0 : variants.get(0).seeds().size())
        .append(" seeds each: mean ± half the 95% confidence interval (Student t). A value is highlighted only where its interval")
        .append(" lies below every other variant's (lower is better).</p>\n");
    b.append("<table><tr><th>variant</th><th>DPM limits in effect</th>");
    for (Measure m : ComparisonReport.MEASURES) b.append("<th>").append(HtmlReport.esc(m.title())).append("</th>");
    b.append("<th>invariants</th></tr>\n");
    Map<String, String> best = best(variants);
    for (Variant v : variants) {
      List<String> links = reports.getOrDefault(v.variant(), List.of()); // in seed order; null: not brought back from a worker
      String first = links.stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
      b.append("<tr class=\"variant\"><td>");
      if (first == null) b.append(HtmlReport.esc(v.variant()));
      else b.append("<a href=\"").append(HtmlReport.esc(first)).append("\">").append(HtmlReport.esc(v.variant())).append("</a>");
      b.append("<br><small>seeds");
      for (int i = 0; i < v.seeds().size(); i++) {
        b.append(' ');
        if (i < links.size() && links.get(i) != null) b.append("<a href=\"").append(HtmlReport.esc(links.get(i))).append("\">").append(v.seeds().get(i)).append("</a>");
        else b.append(v.seeds().get(i));
      }
      b.append("</small></td><td>").append(HtmlReport.esc(v.dpmLimits())).append("</td>");
      for (Measure m : ComparisonReport.MEASURES) {
        Estimate e = v.measures().get(m.key());
        boolean isBest = v.variant().equals(best.get(m.key()));
        b.append(isBest ? "<td class=\"best\">" : "<td>").append(HtmlReport.esc(plusMinus(m, e)));
        if (e.n() > 1) {
          b.append("<br><small>").append(HtmlReport.esc(m.format(e.low()) + " to " + m.format(e.high()))).append("</small>");
        }
        b.append("</td>");
      }
      b.append("<td>").append(v.invariantsHold() ? "ok" : "VIOLATED").append("</td></tr>\n");
    }
    b.append("</table>\n<ul>\n");
    for (Measure m : ComparisonReport.MEASURES) {
      String winner = best.get(m.key());
      b.append("<li>").append(HtmlReport.esc(m.title())).append(": ")
          .append(winner == null ? "not separable with these seeds (the intervals overlap)" : "best: " + HtmlReport.esc(winner))
          .append("</li>\n");
    }
    b.append("</ul>\n</body></html>\n");
    return b.toString();
  }
}

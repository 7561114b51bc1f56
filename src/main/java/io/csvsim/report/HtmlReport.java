package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) that a
 * browser opens from disk. A pure function of the result, so its numbers are summary.json's.
 * The charts are {@link HtmlCharts}, the cards and tables {@link HtmlTables}, the style report.css.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final String CSS = resource("report.css");

  public static String render(SimulationResult r) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>csvsim: ")
        .append(esc(r.scenario())).append("</title>\n<style>\n").append(CSS).append("</style></head><body>\n");
    b.append("<h1>csvsim: ").append(esc(r.scenario())).append("</h1>\n<div class=\"sub\">")
        .append(esc(r.platformName())).append(", ").append(esc(r.mode())).append(" mode, ").append(esc(r.provider())).append(" VSS provider, seed ").append(r.seed())
        .append(", ").append(esc(r.clock())).append(" clock, ").append(TextReport.duration(r.simulatedSeconds()))
        .append(" simulated")
        .append(r.overrides().isEmpty() ? "" : "; changed from the scenario file: " + esc(String.join(", ", r.overrides())))
        .append("</div>\n");
    for (String warning : r.warnings()) b.append("<div class=\"sub\">warning: ").append(esc(warning)).append("</div>\n");
    HtmlTables.cards(b, r);
    if (!r.jobs().isEmpty()) HtmlCharts.all(b, r);
    HtmlTables.tables(b, r, r.startTimeOfDaySeconds());
    b.append("</body></html>\n");
    return b.toString();
  }

  /** Two decimals, the way every number in the HTML pages is written. */
  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Escapes text for element content and double-quoted attribute values. */
  static String esc(String s) {
    return StringEscapeUtils.escapeHtml4(s);
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

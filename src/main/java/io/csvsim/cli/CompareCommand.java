package io.csvsim.cli;

import io.csvsim.report.ComparisonReport;
import io.csvsim.report.ComparisonReport.Row;
import io.csvsim.report.HtmlReport;
import io.csvsim.report.ReplicatedComparison;
import io.csvsim.report.JsonReport;
import io.csvsim.report.OutputDirectory;
import io.csvsim.report.TextReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.SimulationSettings;
import io.csvsim.sweep.SweepUnit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code csvsim compare}: every combination of the varied settings, run side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Run every combination of --vary values in parallel and compare backup window, redirect, latency, failures, downtime.")
public final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;


  @Parameters(paramLabel = "SCENARIO.conf", description = "The scenario every variant starts from.")
  Path scenarioFile;

  @Option(names = "--vary", required = true, paramLabel = "KEY=V1,V2[,...]",
      description = "A setting and its values; repeat for more (every combination runs). Short names: provider, "
          + "MaxAllowedParallelBackups, DataSourceGroups.")
  List<String> vary = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key in every variant.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Write comparison.json, comparison.csv and comparison.html here.")
  Path out;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = "--replications", paramLabel = "N",
      description = "Run each variant with N seeds (the scenario's seed, then +1, +2, ...) and give each measure's mean with a 95%% "
          + "confidence interval; a variant is best only where its interval lies below the others' (default 1).")
  int replications = 1;

  @Mixin ClusterOptions sweep = new ClusterOptions();

  private final List<List<String>> variantOverrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    List<Map<String, String>> variants;
    List<Scenario> scenarios = new ArrayList<>();
    try {
      if (replications < 1 || replications > 1000) throw new ScenarioException("--replications: expected 1 to 1000, got " + replications);
      sweep.check();
      variants = ComparisonReport.combinations(parseVary());
      ScenarioLoader loader = ScenarioLoader.withReference();
      String baseName = loader.load(scenarioFile, overrides, null).name();
      for (Map<String, String> variant : variants) {
        List<String> sets = new ArrayList<>(overrides);
        variant.forEach((k, v) -> sets.add(ScenarioLoader.resolveAlias(k) + "=" + v));
        sets.add("scenario.name=" + quote(baseName + " [" + ComparisonReport.label(variant) + "]"));
        variantOverrides.add(List.copyOf(sets));
        try {
          Scenario first = loader.load(scenarioFile, sets, null);
          for (String warning : first.warnings()) err.println("csvsim: warning: variant " + ComparisonReport.label(variant) + ": " + warning);
          scenarios.add(first);
          for (int i = 1; i < replications; i++) scenarios.add(loader.load(scenarioFile, sets, first.seed() + i));
        } catch (ScenarioException e) {
          throw new ScenarioException("variant " + ComparisonReport.label(variant) + ": " + e.getMessage());
        }
      }
      OutputDirectory.checkWritable(out);
    } catch (ScenarioException | IOException e) {
      return Main.rejected(err, e);
    }

    if (!quiet) {
      o.printf(Locale.ROOT, replications == 1 ? "running %d variants of %s in parallel...%n" : "running %d variants of %s, %d seeds each, in parallel...%n",
          variants.size(), scenarioFile, replications);
    }
    o.flush();
    // Rows in unit order: variant by variant, its seeds in order.
    List<Row> rows = new ArrayList<>();
    List<java.util.function.Supplier<String>> pages = new ArrayList<>(); // each unit's report.html, null where none came back
    if (sweep.cluster) {
      SweepRun.Outcome swept = SweepRun.coordinate(units(variants, scenarios), RunCommand.applicationConfig(), sweep.bind, sweep.minWorkers, sweep.localSlots,
          quiet ? null : err);
      if (!swept.failures().isEmpty()) {
        err.println("csvsim: " + swept.failures().size() + " units failed on their workers: " + swept.failures());
        return Main.INTERNAL_ERROR;
      }
      rows.addAll(swept.rows());
      for (var report : swept.reports()) pages.add(report == null ? null : report::html);
    } else {
      List<SimulationResult> results = SimulationRunner.runAll(scenarios, SimulationSettings.virtual(), RunCommand.applicationConfig(),
          "csvsim-compare", !quiet && Progress.stderrIsTerminal() ? err : null);
      for (int unit = 0; unit < results.size(); unit++) {
        SimulationResult r = results.get(unit);
        rows.add(Row.of(ComparisonReport.label(variants.get(unit / replications)), variants.get(unit / replications), r));
        pages.add(() -> HtmlReport.render(r));
      }
    }
    // Each run's own report, under variants/: comparison.html links to them.
    Map<String, String> files = new LinkedHashMap<>();
    Map<String, List<String>> reports = new LinkedHashMap<>();
    for (int unit = 0; unit < rows.size(); unit++) {
      String path = "variants/" + (unit / replications + 1) + (replications == 1 ? "" : "/seed-" + scenarios.get(unit).seed()) + "/report.html";
      List<String> links = reports.computeIfAbsent(rows.get(unit).variant(), k -> new ArrayList<>());
      if (pages.get(unit) == null) {
        err.println("csvsim: " + path + " is not written: the run's report was larger than a sweep message may carry; run the variant locally to see it");
        links.add(null); // keeps the variant's links in seed order
        continue;
      }
      files.put(path, pages.get(unit).get());
      links.add(path);
    }
    String written = " and " + files.size() + " reports under variants/";
    if (replications > 1) return replicated(variants, scenarios, rows, reports, files, written, o, err);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", scenarioFile.toString());
    json.put("variants", rows);
    write(files, json, ComparisonReport.csv(rows), ComparisonReport.html(scenarioFile.toString(), rows, reports));
    if (!quiet) {
      int width = rows.stream().mapToInt(r -> r.variant().length()).max().orElse(0);
      for (Row r : rows) {
        o.printf(Locale.ROOT, "  %-" + width + "s  window %-12s redirected %-10s worst p99 redirected %8.2f ms, direct %7.2f ms  failed %d  downtime %s  (%s, %s)%n",
            r.variant(),
            r.backupWindowSeconds() == null ? "-" : (r.backupWindowComplete() ? "" : ">=") + TextReport.duration(r.backupWindowSeconds()),
            TextReport.duration(r.redirectedSeconds()), r.worstRedirectedP99Ms(), r.worstDirectP99Ms(), r.failedJobs(),
            TextReport.duration(r.vmDowntimeSeconds()), r.platform(), r.dpmLimits());
      }
      o.println("wrote comparison.json, comparison.csv, comparison.html" + written + " to " + out);
    }
    boolean ok = rows.stream().allMatch(Row::invariantsHold);
    if (!ok) err.println("csvsim: an invariant was violated in a variant; see comparison.html");
    return ok ? Main.OK : Main.INVARIANT_VIOLATED;
  }

  /** The sweep's units, in the order of {@code scenarios}: the scenario file rendered once, each unit's overrides and seed. */
  private List<SweepUnit> units(List<Map<String, String>> variants, List<Scenario> scenarios) {
    String hocon = ScenarioLoader.withReference().render(scenarioFile);
    List<SweepUnit> units = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      for (int i = 0; i < replications; i++) {
        Scenario s = scenarios.get(v * replications + i);
        units.add(new SweepUnit(units.size(), ComparisonReport.label(variants.get(v)), variants.get(v), hocon, scenarioFile.toString(),
            variantOverrides.get(v), i == 0 ? null : s.seed()));
      }
    }
    return units;
  }

  private int replicated(List<Map<String, String>> variants, List<Scenario> scenarios, List<Row> rows, Map<String, List<String>> reports,
      Map<String, String> files, String written, PrintWriter o, PrintWriter err) throws IOException {
    List<ReplicatedComparison.Variant> summaries = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      List<Long> seeds = scenarios.subList(v * replications, (v + 1) * replications).stream().map(Scenario::seed).toList();
      summaries.add(ReplicatedComparison.Variant.of(ComparisonReport.label(variants.get(v)), variants.get(v), seeds,
          rows.subList(v * replications, (v + 1) * replications)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", scenarioFile.toString());
    json.put("replications", replications);
    json.put("best", ReplicatedComparison.best(summaries));
    json.put("variants", summaries);
    write(files, json, ReplicatedComparison.csv(summaries), ReplicatedComparison.html(scenarioFile.toString(), summaries, reports));
    if (!quiet) {
      o.print(ReplicatedComparison.text(summaries));
      o.println("wrote comparison.json, comparison.csv, comparison.html" + written + " to " + out);
    }
    boolean ok = summaries.stream().allMatch(ReplicatedComparison.Variant::invariantsHold);
    if (!ok) err.println("csvsim: an invariant was violated in a variant; see comparison.html");
    return ok ? Main.OK : Main.INVARIANT_VIOLATED;
  }

  /** The comparison's three files beside the runs' reports, all written or none. */
  private void write(Map<String, String> files, Map<String, Object> json, String csv, String html) throws IOException {
    files.put("comparison.json", JsonReport.mapper().writeValueAsString(json) + "\n");
    files.put("comparison.csv", csv);
    files.put("comparison.html", html);
    OutputDirectory.write(out, files);
  }

  private Map<String, List<String>> parseVary() {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    for (String v : vary) {
      int eq = v.indexOf('=');
      if (eq <= 0 || eq == v.length() - 1) throw new ScenarioException("--vary " + v + ": expected KEY=V1,V2[,...]");
      String key = v.substring(0, eq).trim();
      List<String> values = new ArrayList<>();
      for (String value : v.substring(eq + 1).split(",")) {
        if (value.isBlank()) throw new ScenarioException("--vary " + v + ": an empty value");
        values.add(value.trim());
      }
      if (axes.put(key, values) != null) throw new ScenarioException("--vary " + key + ": given twice");
    }
    return axes;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

}

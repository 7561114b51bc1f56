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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code csvsim compare}: every combination of the varied settings, run side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Run every combination of --vary values in parallel and compare backup window, redirect, latency, failures, downtime.")
public final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  // Read by Main's error handler, which runs outside the command; declared here so it is accepted.
  @Option(names = "--debug", description = "On an internal error, print its stack trace.")
  boolean debug;

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

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    List<Map<String, String>> variants;
    List<Scenario> scenarios = new ArrayList<>();
    try {
      if (replications < 1 || replications > 1000) throw new ScenarioException("--replications: expected 1 to 1000, got " + replications);
      variants = ComparisonReport.combinations(parseVary());
      ScenarioLoader loader = ScenarioLoader.withReference();
      String baseName = loader.load(scenarioFile, overrides, null).name();
      for (Map<String, String> variant : variants) {
        List<String> sets = new ArrayList<>(overrides);
        variant.forEach((k, v) -> sets.add(ScenarioLoader.resolveAlias(k) + "=" + v));
        sets.add("scenario.name=" + quote(baseName + " [" + ComparisonReport.label(variant) + "]"));
        try {
          Scenario first = loader.load(scenarioFile, sets, null);
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
    List<SimulationResult> results = SimulationRunner.runAll(scenarios, SimulationSettings.virtual(), RunCommand.applicationConfig(),
        "csvsim-compare", !quiet && Progress.stderrIsTerminal() ? err : null);
    // Each run's own report, under variants/: comparison.html links to them.
    Map<String, String> files = new LinkedHashMap<>();
    Map<String, List<String>> reports = new LinkedHashMap<>();
    for (int v = 0; v < variants.size(); v++) {
      String label = ComparisonReport.label(variants.get(v));
      for (int i = 0; i < replications; i++) {
        SimulationResult r = results.get(v * replications + i);
        String path = "variants/" + (v + 1) + (replications == 1 ? "" : "/seed-" + r.seed()) + "/report.html";
        files.put(path, HtmlReport.render(r));
        reports.computeIfAbsent(label, k -> new ArrayList<>()).add(path);
      }
    }
    if (replications > 1) return replicated(variants, results, reports, files, o, err);

    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) rows.add(Row.of(ComparisonReport.label(variants.get(i)), variants.get(i), results.get(i)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", scenarioFile.toString());
    json.put("variants", rows);
    files.put("comparison.json", JsonReport.mapper().writeValueAsString(json) + "\n");
    files.put("comparison.csv", ComparisonReport.csv(rows));
    files.put("comparison.html", ComparisonReport.html(scenarioFile.toString(), rows, reports));
    OutputDirectory.write(out, files);
    if (!quiet) {
      int width = rows.stream().mapToInt(r -> r.variant().length()).max().orElse(0);
      for (Row r : rows) {
        o.printf(Locale.ROOT, "  %-" + width + "s  window %-12s redirected %-10s worst p99 %8.2f ms  failed %d  downtime %s  (%s)%n",
            r.variant(),
            r.backupWindowSeconds() == null ? "-" : (r.backupWindowComplete() ? "" : ">=") + TextReport.duration(r.backupWindowSeconds()),
            TextReport.duration(r.redirectedSeconds()), r.worstRedirectedP99Ms(), r.failedJobs(), TextReport.duration(r.vmDowntimeSeconds()), r.dpmLimits());
      }
      o.println("wrote comparison.json, comparison.csv, comparison.html and " + results.size() + " reports under variants/ to " + out);
    }
    boolean ok = rows.stream().allMatch(Row::invariantsHold);
    if (!ok) err.println("csvsim: an invariant was violated in a variant; see comparison.html");
    return ok ? Main.OK : Main.INVARIANT_VIOLATED;
  }

  private int replicated(List<Map<String, String>> variants, List<SimulationResult> results, Map<String, List<String>> reports,
      Map<String, String> files, PrintWriter o, PrintWriter err) throws IOException {
    List<ReplicatedComparison.Variant> summaries = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      summaries.add(ReplicatedComparison.Variant.of(ComparisonReport.label(variants.get(v)), variants.get(v),
          results.subList(v * replications, (v + 1) * replications)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", scenarioFile.toString());
    json.put("replications", replications);
    json.put("best", ReplicatedComparison.best(summaries));
    json.put("variants", summaries);
    files.put("comparison.json", JsonReport.mapper().writeValueAsString(json) + "\n");
    files.put("comparison.csv", ReplicatedComparison.csv(summaries));
    files.put("comparison.html", ReplicatedComparison.html(scenarioFile.toString(), summaries, reports));
    OutputDirectory.write(out, files);
    if (!quiet) {
      o.print(ReplicatedComparison.text(summaries));
      o.println("wrote comparison.json, comparison.csv, comparison.html and " + results.size() + " reports under variants/ to " + out);
    }
    boolean ok = summaries.stream().allMatch(ReplicatedComparison.Variant::invariantsHold);
    if (!ok) err.println("csvsim: an invariant was violated in a variant; see comparison.html");
    return ok ? Main.OK : Main.INVARIANT_VIOLATED;
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

package io.csvsim.cli;

import io.csvsim.plan.Candidate;
import io.csvsim.plan.Levers;
import io.csvsim.plan.PlanExport;
import io.csvsim.plan.RunFigures;
import io.csvsim.plan.Planner;
import io.csvsim.report.HtmlReport;
import io.csvsim.report.JsonReport;
import io.csvsim.report.OutputDirectory;
import io.csvsim.report.PlanReport;
import io.csvsim.report.TextReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.SimulationSettings;
import io.csvsim.sweep.SweepCoordinator;
import io.csvsim.sweep.SweepUnit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code csvsim plan}: the settings that make the backups end by a time, found by simulating candidates. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Search DPM's and the cluster's settings for ones whose backups end by --window-ends; write plan.json, plan.html and what DPM needs.")
public final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;


  @Parameters(index = "0", paramLabel = "SCENARIO.conf", description = "The cluster as it is (e.g. from csvsim import).")
  Path scenarioFile;

  @Option(names = "--window-ends", required = true, paramLabel = "HH:mm", description = "The last backup must end by this time of day.")
  String windowEnds;

  @Option(names = "--max-redirected-p99", paramLabel = "MS", description = "And the worst VM's redirected p99 must stay at or under this (e.g. 50ms).")
  String maxP99;

  @Option(names = "--allow", split = ",", paramLabel = "LEVER",
      description = "Beyond DPM's two limits, what the plan may change: hardware-provider, stagger, move-vms, spread-coordinators, "
          + "and the purchases 10gbe-cluster-network, 10gbe-dpm-link; or all.")
  List<String> allow = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "N", description = "Seeds per candidate (the scenario's, then +1, ...); a candidate counts by its worst seed (default 1).")
  int seeds = 1;

  @Option(names = "--max-candidates", paramLabel = "N", description = "Stop after evaluating this many candidates (default 60).")
  int maxCandidates = 60;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key for every candidate (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where plan.json, plan.html and recommended/ go.")
  Path out;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @Mixin ClusterOptions sweep = new ClusterOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    ScenarioLoader loader = ScenarioLoader.withReference();
    Scenario base;
    Planner.Target target;
    Set<String> allowed = new LinkedHashSet<>();
    try {
      base = loader.load(scenarioFile, overrides, null);
      for (String a : allow) {
        String lever = a.trim().toLowerCase(Locale.ROOT);
        boolean hardware = lever.equals("hardware-provider");
        if (lever.equals("all")) {
          for (String l : Levers.ALLOWABLE) if (!l.equals("hardware-provider") || base.vss().hardwareAvailable()) allowed.add(l);
        } else if (!Levers.ALLOWABLE.contains(lever)) {
          throw new ScenarioException("--allow " + a + ": expected one of " + String.join(", ", Levers.ALLOWABLE) + ", or all");
        } else if (hardware && !base.vss().hardwareAvailable()) {
          throw new ScenarioException("--allow hardware-provider: " + scenarioFile + " says the array offers no VSS hardware provider "
              + "(set vss.hardware-available = true if it does)");
        } else {
          allowed.add(lever);
        }
      }
      if (seeds < 1 || seeds > 100) throw new ScenarioException("--seeds: expected 1 to 100, got " + seeds);
      if (maxCandidates < 1 || maxCandidates > 10_000) throw new ScenarioException("--max-candidates: expected 1 to 10000, got " + maxCandidates);
      target = target(base);
      sweep.check();
      OutputDirectory.checkWritable(out);
    } catch (ScenarioException | IOException e) {
      return Main.rejected(err, e);
    }
    List<Long> seedList = new ArrayList<>();
    for (int i = 0; i < seeds; i++) seedList.add(base.seed() + i);
    // A candidate is judged by the target: runs stop an hour after it, or at the scenario's end if sooner.
    long cut = Math.min(base.duration(), (target.windowEndsAt() + 3600) * Scenario.SECOND);
    Planner.Plan plan;
    try (SweepRun.Session session = sweep.cluster ? sweep.open(quiet ? null : err) : null) {
      String hocon = sweep.cluster ? loader.render(scenarioFile) : null;
      int[] units = {0};
      Map<Candidate, Integer> numbers = new java.util.HashMap<>(); // names a candidate's scenario alike on every seed
      Planner planner = new Planner(base, target, allowed, maxCandidates, seedList, trials -> {
        List<Scenario> scenarios = new ArrayList<>();
        List<SweepUnit> sent = new ArrayList<>();
        for (Planner.Trial trial : trials) {
          Candidate candidate = trial.candidate();
          List<String> sets = new ArrayList<>(overrides);
          sets.addAll(candidate.overrides());
          sets.add("scenario.duration=" + cut + "us");
          int number = numbers.computeIfAbsent(candidate, c -> numbers.size() + 1);
          sets.add("scenario.name=" + com.typesafe.config.ConfigUtil.quoteString(base.name() + " [plan candidate " + number + "]"));
          Scenario loaded = loader.load(scenarioFile, sets, trial.seed()); // checked here before any worker sees it
          if (session == null) scenarios.add(loaded);
          else sent.add(new SweepUnit(units[0]++, candidate.label(), Map.of(), hocon, scenarioFile.toString(), sets, trial.seed(),
              SweepUnit.Answer.ROW_AND_PLAN_FIGURES));
        }
        if (!quiet) {
          long candidates = trials.stream().map(Planner.Trial::candidate).distinct().count();
          o.printf(Locale.ROOT, "csvsim plan: evaluating %d candidates, %d runs%s...%n", candidates, trials.size(),
              session == null ? "" : " on the cluster");
          o.flush();
        }
        return session == null ? figuresHere(scenarios) : figuresThere(session, sent);
      });
      plan = planner.search();
    } catch (ScenarioException e) {
      return Main.rejected(err, new ScenarioException("a candidate's scenario did not load: " + e.getMessage()));
    }

    Map<String, String> files = new LinkedHashMap<>();
    String reportPath = null;
    if (plan.recommended() != null) reportPath = recommended(plan.recommended().candidate(), base, loader, files);
    long start = base.startTimeOfDay() / Scenario.SECOND;
    files.put("plan.json", JsonReport.mapper().writeValueAsString(PlanReport.json(scenarioFile.toString(), plan, start)) + "\n");
    files.put("plan.html", PlanReport.html(scenarioFile.toString(), plan, start, reportPath));
    OutputDirectory.write(out, files);
    if (!quiet) {
      o.printf(Locale.ROOT, "%s%n", plan.stopReason());
      o.printf(Locale.ROOT, "current settings: %s%n", describe(plan.current(), start));
      if (plan.recommended() == null) {
        o.printf(Locale.ROOT, "no candidate ends by %s; what binds: %s%n", target.windowEnds(), plan.binding());
      } else {
        o.printf(Locale.ROOT, "recommended: %s%n  %s%n", plan.recommended().label(), describe(plan.recommended(), start));
      }
      o.println("wrote " + String.join(", ", files.keySet()) + " to " + out);
    }
    return Main.OK;
  }

  private static List<RunFigures> figuresHere(List<Scenario> scenarios) {
    List<SimulationResult> results = SimulationRunner.runAll(scenarios, SimulationSettings.virtual(), RunCommand.applicationConfig(),
        "csvsim-plan", null);
    List<RunFigures> figures = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) figures.add(RunFigures.of(scenarios.get(i), results.get(i)));
    return figures;
  }

  /** A candidate whose simulation failed on its worker is a failure of the plan, as it would be here. */
  private static List<RunFigures> figuresThere(SweepRun.Session session, List<SweepUnit> units) {
    SweepCoordinator.Finished answer = session.run(units);
    if (!answer.failures().isEmpty()) {
      throw new IllegalStateException(answer.failures().size() + " simulations failed on their workers: " + answer.failures());
    }
    return answer.figures();
  }

  private Planner.Target target(Scenario base) {
    long timeOfDay = Scenario.timeOfDay(windowEnds);
    if (timeOfDay < 0) throw new ScenarioException("--window-ends " + windowEnds + ": expected a time of day, HH:mm (e.g. 06:00)");
    long at = Math.floorMod(timeOfDay - base.startTimeOfDay(), Scenario.DAY) / Scenario.SECOND;
    if (at * Scenario.SECOND > base.duration()) {
      throw new ScenarioException("--window-ends " + windowEnds + ": after the run ends (" + TextReport.timeOfDay(base.duration() / (double) Scenario.SECOND,
          base.startTimeOfDay() / Scenario.SECOND) + "); lengthen scenario.duration");
    }
    Double p99 = null;
    if (maxP99 != null) {
      try {
        p99 = Double.parseDouble(maxP99.trim().replaceFirst("(?i)\\s*ms$", ""));
      } catch (NumberFormatException e) {
        throw new ScenarioException("--max-redirected-p99 " + maxP99 + ": expected milliseconds, e.g. 50ms");
      }
      if (!(p99 > 0)) throw new ScenarioException("--max-redirected-p99 " + maxP99 + ": expected more than 0 ms");
    }
    return new Planner.Target(windowEnds, at, p99);
  }

  /** The recommended configuration in full: its run report, its scenario, and what DPM and the cluster need. */
  private String recommended(Candidate c, Scenario base, ScenarioLoader loader, Map<String, String> files) {
    List<String> sets = new ArrayList<>(overrides);
    sets.addAll(c.overrides());
    Scenario s = loader.load(scenarioFile, sets, null);
    SimulationResult r = SimulationRunner.runAll(List.of(s), SimulationSettings.virtual(), RunCommand.applicationConfig(), "csvsim-plan", null).get(0);
    files.put("recommended/report.html", HtmlReport.render(r));
    files.put("recommended/scenario.conf", PlanExport.scenario(loader.renderReadable(scenarioFile), overrides, c, c.label()));
    files.put("recommended/MaxAllowedParallelBackups.reg", PlanExport.registry(s.dpm().maxAllowedParallelBackups()));
    if (s.dpm().dataSourceGroups()) files.put("recommended/DataSourceGroups.xml", PlanExport.dataSourceGroups(s));
    String moves = PlanExport.moves(base, s);
    if (moves != null) files.put("recommended/move-vms.ps1", moves);
    return "recommended/report.html";
  }

  private static String describe(Planner.Evaluation e, long start) {
    return String.format(Locale.ROOT, "last job ends %s, redirected %s, worst redirected p99 %.2f ms, %d VMs without a backup%s",
        PlanReport.lastJobEnds(e, start),
        TextReport.duration(e.redirectedSeconds()), e.worstRedirectedP99Ms(), e.unprotectedVms(),
        e.candidate().purchases().isEmpty() ? "" : "; buys " + String.join(", ", e.candidate().purchases()));
  }
}

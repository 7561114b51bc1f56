package io.csvsim.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.csvsim.report.HtmlReport;
import io.csvsim.report.JobsCsv;
import io.csvsim.report.JsonReport;
import io.csvsim.report.OutputDirectory;
import io.csvsim.report.ReplicatedComparison;
import io.csvsim.report.TextReport;
import io.csvsim.report.TimelineCsv;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.SimulationSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code csvsim run [SCENARIO.conf]}: runs one scenario and prints its summary. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = "Run one scenario and print its summary.")
public final class RunCommand implements java.util.concurrent.Callable<Integer> {

  @Spec CommandSpec spec;


  @Parameters(arity = "0..1", paramLabel = "SCENARIO.conf",
      description = "Scenario file (default: csvsim-cli.default-scenario in conf/application.conf).")
  Path scenarioFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Write summary.json, jobs.csv, report.html and timeline.csv here.")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key, e.g. --set dpm.max-allowed-parallel-backups=1.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--clock", paramLabel = "virtual|wall",
      description = "virtual (default): as fast as possible; wall: real time x --speed (csvsim.simulation.clock).")
  String clock;

  @Option(names = "--speed", paramLabel = "X",
      description = "Wall clock speed: simulated seconds per wall second (default 60, csvsim.simulation.wall-speed).")
  Double speed;

  @Option(names = "--chaos", paramLabel = "RATE",
      description = "Inject seeded random faults of every kind, RATE per simulated hour (sets chaos.rate).")
  Double chaos;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = "--replications", paramLabel = "N",
      description = "Run the scenario with N seeds (its seed, then +1, +2, ...) and give each measure's mean with a 95%% "
          + "confidence interval; --out gets each seed's files under seed-<seed>/ and replications.json (default 1).")
  int replications = 1;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    Config appConfig = applicationConfig();
    Scenario scenario;
    SimulationSettings settings;
    try {
      Path file = scenarioFile != null ? scenarioFile : Path.of(appConfig.getString("csvsim-cli.default-scenario"));
      List<String> settingsGiven = new ArrayList<>(overrides);
      if (chaos != null) {
        if (!(chaos >= 0 && chaos <= 1000)) throw new ScenarioException("--chaos: expected faults per simulated hour from 0 to 1000, got " + chaos);
        settingsGiven.add("chaos.rate=" + chaos);
      }
      if (replications < 1 || replications > 1000) throw new ScenarioException("--replications: expected 1 to 1000, got " + replications);
      ScenarioLoader loader = ScenarioLoader.withReference();
      scenario = loader.load(file, settingsGiven, seed);
      for (String warning : scenario.warnings()) err.println("csvsim: warning: " + warning);
      settings = settings(appConfig);
      if (replications > 1 && settings.clock() != SimulationSettings.ClockKind.VIRTUAL) {
        throw new ScenarioException("--replications: runs the seeds side by side on the virtual clock; leave out --clock wall");
      }
      for (int i = 1; i < replications; i++) seeds.add(loader.load(file, settingsGiven, scenario.seed() + i));
      if (out != null) OutputDirectory.checkWritable(out);
    } catch (ScenarioException | IOException e) {
      return Main.rejected(err, e);
    }

    boolean progress = !quiet && Progress.stderrIsTerminal();
    if (replications > 1) {
      seeds.add(0, scenario);
      return replicated(seeds, settings, appConfig, progress ? err : null, outWriter, err);
    }
    SimulationResult result = simulate(scenario, settings, appConfig, progress ? err : null);
    if (!quiet) outWriter.print(TextReport.render(result));
    outWriter.flush();
    if (out != null) {
      Map<String, String> files = new LinkedHashMap<>();
      files.put("summary.json", JsonReport.render(result));
      files.put("jobs.csv", JobsCsv.render(result));
      files.put("report.html", HtmlReport.render(result));
      files.put("timeline.csv", TimelineCsv.render(result));
      try {
        OutputDirectory.write(out, files);
      } catch (IOException e) {
        err.println("csvsim: cannot write to --out " + out + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
      if (!quiet) outWriter.println("wrote " + String.join(", ", files.keySet()) + " to " + out);
    }
    if (!result.invariantsHold()) {
      err.println("csvsim: invariant violated: " + String.join("; ", result.invariantViolations()));
      return Main.INVARIANT_VIOLATED;
    }
    return Main.OK;
  }

  private final List<Scenario> seeds = new ArrayList<>();

  /** The scenario over several seeds: the measures' means and intervals, each seed's files under seed-<seed>/. */
  private int replicated(List<Scenario> scenarios, SimulationSettings settings, Config appConfig, PrintWriter progressTo,
      PrintWriter outWriter, PrintWriter err) {
    List<SimulationResult> results = SimulationRunner.runAll(scenarios, settings, appConfig, "csvsim-run", progressTo);
    ReplicatedComparison.Variant summary = ReplicatedComparison.Variant.of(results.get(0).scenario(), Map.of(), results);
    if (!quiet) {
      outWriter.printf(Locale.ROOT, "%s over %d seeds (%d to %d): mean ± half the 95%% confidence interval%n", results.get(0).scenario(),
          results.size(), summary.seeds().get(0), summary.seeds().get(summary.seeds().size() - 1));
      outWriter.print(ReplicatedComparison.lines(summary));
    }
    if (out != null) {
      Map<String, String> files = new LinkedHashMap<>();
      for (SimulationResult r : results) {
        String dir = "seed-" + r.seed() + "/";
        files.put(dir + "summary.json", JsonReport.render(r));
        files.put(dir + "jobs.csv", JobsCsv.render(r));
        files.put(dir + "report.html", HtmlReport.render(r));
        files.put(dir + "timeline.csv", TimelineCsv.render(r));
      }
      try {
        files.put("replications.json", JsonReport.mapper().writeValueAsString(summary) + "\n");
        OutputDirectory.write(out, files);
      } catch (IOException e) {
        err.println("csvsim: cannot write to --out " + out + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
      if (!quiet) outWriter.println("wrote replications.json and each seed's files under seed-<seed>/ to " + out);
    }
    outWriter.flush();
    if (!summary.invariantsHold()) {
      err.println("csvsim: invariant violated in a seed; see its summary.json");
      return Main.INVARIANT_VIOLATED;
    }
    return Main.OK;
  }

  /** conf/application.conf's csvsim.simulation, then --clock and --speed. */
  private SimulationSettings settings(Config appConfig) {
    SimulationSettings settings;
    try {
      settings = SimulationSettings.create(appConfig);
    } catch (ConfigException e) {
      throw new ScenarioException("conf/application.conf: " + e.getMessage());
    }
    if (clock != null) {
      settings = switch (clock) {
        case "virtual" -> settings.withClock(SimulationSettings.ClockKind.VIRTUAL);
        case "wall" -> settings.withClock(SimulationSettings.ClockKind.WALL);
        default -> throw new ScenarioException("--clock: expected virtual or wall, got '" + clock + "'");
      };
    }
    if (speed != null) {
      if (!(speed > 0)) throw new ScenarioException("--speed: expected a number > 0, got " + speed);
      settings = settings.withSpeed(speed);
    }
    return settings;
  }

  static Config applicationConfig() {
    Path conf = Path.of("conf", "application.conf");
    Config base = ConfigFactory.load();
    return Files.isRegularFile(conf) ? ConfigFactory.parseFile(conf.toFile()).withFallback(base).resolve() : base;
  }

  /** Runs the scenario in its own ActorSystem; throws if the simulation dies instead of finishing. */
  static SimulationResult simulate(Scenario scenario, SimulationSettings settings, Config config) {
    return simulate(scenario, settings, config, null);
  }

  /** As above, drawing a progress line on {@code progressTo} when it is not null. */
  static SimulationResult simulate(Scenario scenario, SimulationSettings settings, Config config, PrintWriter progressTo) {
    return SimulationRunner.runAll(List.of(scenario), settings, config, "csvsim", progressTo).get(0);
  }
}

package io.csvsim.cli;

import com.typesafe.config.Config;
import io.csvsim.internal.bench.BenchResult;
import io.csvsim.internal.bench.BenchResult.ScalingPoint;
import io.csvsim.internal.bench.HeapSampler;
import io.csvsim.internal.bench.RawTellBenchmark;
import io.csvsim.internal.model.FloorLoop;
import io.csvsim.report.JsonReport;
import io.csvsim.report.OutputDirectory;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.SimulationSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code csvsim bench}: Pekko's raw tell rate and the model's speed, measured in one JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Measure raw Pekko tell throughput and the model's speed on a scenario (default conf/scenarios/large.conf).")
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;


  @Parameters(arity = "0..1", paramLabel = "SCENARIO.conf", description = "Scenario to time (default conf/scenarios/large.conf).")
  Path scenarioFile = Path.of("conf/scenarios/large.conf");

  @Option(names = "--scaling", description = "Also run the scenario's generated cluster at 100, 1,000 and 10,000 VMs for one simulated"
      + " hour, and conf/scenarios/xl.conf (8,000 VMs, 24 hours).")
  boolean scaling;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--raw-seconds", paramLabel = "S", description = "Seconds of warm-up, then of measurement, for raw Pekko (default 3).")
  double rawSeconds = 3;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write bench.json (default: the current directory).")
  Path out = Path.of(".");

  static final int[] SCALING_VMS = {100, 1_000, 10_000};
  static final Path XL = Path.of("conf/scenarios/xl.conf");

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    Config config = RunCommand.applicationConfig();
    Scenario scenario;
    List<Scenario> series = new ArrayList<>();
    try {
      if (!(rawSeconds > 0)) throw new ScenarioException("--raw-seconds: expected a number > 0, got " + rawSeconds);
      ScenarioLoader loader = ScenarioLoader.withReference();
      scenario = loader.load(scenarioFile, overrides, null);
      if (scaling) {
        for (int vms : SCALING_VMS) {
          List<String> sized = new ArrayList<>(overrides);
          // An hour of I/O alone: the nightly schedule would fall outside it.
          sized.addAll(List.of("cluster.generate.vms=" + vms, "scenario.duration=1h", "io.tick=1s", "dpm.protection-groups=[]"));
          Scenario s = loader.load(scenarioFile, sized, null);
          if (s.vms().size() != vms) {
            throw new ScenarioException(scenarioFile + ": --scaling needs a generated topology (cluster.generate), not explicit VMs");
          }
          series.add(s);
        }
        series.add(loader.load(XL, List.of(), null));
      }
      OutputDirectory.checkWritable(out);
    } catch (ScenarioException | IOException e) {
      return Main.rejected(err, e);
    }

    Duration phase = Duration.ofMillis((long) (rawSeconds * 1000));
    o.printf(Locale.ROOT, "raw Pekko tell: 1,000 actor pairs x 4 in flight, %.1f s warm-up, %.1f s measured...%n", rawSeconds, rawSeconds);
    o.flush();
    double raw = RawTellBenchmark.run(config, 1000, 4, phase, phase);
    o.printf(Locale.ROOT, "  %,.0f msgs/s%n", raw);

    o.printf(Locale.ROOT, "floor: the same ops through one plain loop (draw, merge, serve, record), one thread...%n");
    o.flush();
    FloorLoop.Result floor = FloorLoop.run(scenario);
    o.printf(Locale.ROOT, "  wall %.1f s, %,d ops, %.1f ns an op%n", floor.wallSeconds(), floor.ops(), 1e9 * floor.wallSeconds() / floor.ops());

    o.printf(Locale.ROOT, "model: %s (%,d VMs, %s simulated)...%n", scenario.name(), scenario.vms().size(),
        io.csvsim.report.TextReport.duration(scenario.duration() / (double) Scenario.SECOND));
    o.flush();
    Timed main = timed(scenario, config);
    double modelRate = main.result.modelMessages() / main.wallSeconds;
    double opsRate = main.ops / main.wallSeconds;
    o.printf(Locale.ROOT, "  wall %.1f s, %.0f simulated seconds per wall second, peak heap %s, peak RSS %s%n", main.wallSeconds,
        main.result.simulatedSeconds() / main.wallSeconds, mib(main.peakHeap), mib(main.peakRss));
    o.printf(Locale.ROOT, "  %,d model messages: %,.0f /s = %.2f%% of raw%n", main.result.modelMessages(), modelRate, 100 * modelRate / raw);
    o.printf(Locale.ROOT, "  %,d simulated I/O ops: %,.0f /s = %.0f%% of raw messages (a message carries a tick of a node's ops)%n",
        main.ops, opsRate, 100 * opsRate / raw);
    double modelToFloor = main.wallSeconds / floor.wallSeconds();
    o.printf(Locale.ROOT, "  model / floor: %.2f (%.1f ns an op against the floor's %.1f)%n", modelToFloor,
        1e9 * main.wallSeconds / main.ops, 1e9 * floor.wallSeconds() / floor.ops());

    List<ScalingPoint> points = new ArrayList<>();
    for (Scenario s : series) {
      o.printf(Locale.ROOT, "scaling: %s, %,d VMs, %s simulated...%n", s.name(), s.vms().size(),
          io.csvsim.report.TextReport.duration(s.duration() / (double) Scenario.SECOND));
      o.flush();
      Timed t = timed(s, config);
      points.add(new ScalingPoint(s.name(), s.vms().size(), t.result.simulatedSeconds(), t.wallSeconds, t.ops, t.peakHeap, t.peakRss));
      o.printf(Locale.ROOT, "  wall %.1f s, peak heap %s, peak RSS %s%n", t.wallSeconds, mib(t.peakHeap), mib(t.peakRss));
    }
    for (int i = 1; i < Math.min(points.size(), SCALING_VMS.length); i++) {
      ScalingPoint a = points.get(i - 1);
      ScalingPoint b = points.get(i);
      o.printf(Locale.ROOT, "  %,d -> %,d VMs: %.1fx the VMs cost %.1fx the wall time%n", a.vms(), b.vms(),
          (double) b.vms() / a.vms(), b.wallSeconds() / a.wallSeconds());
    }
    if (points.size() > SCALING_VMS.length) {
      ScalingPoint xl = points.get(points.size() - 1);
      o.printf(Locale.ROOT, "  %s (%,d VMs, 24 h) against %s (%,d VMs, 24 h): %.1fx the wall time%n", xl.scenario(), xl.vms(),
          scenario.name(), scenario.vms().size(), xl.wallSeconds() / main.wallSeconds);
    }

    BenchResult bench = new BenchResult(scenario.name(), scenario.vms().size(), raw, modelRate, modelRate / raw,
        main.result.modelMessages(), main.ops, opsRate, main.result.simulatedSeconds(), main.wallSeconds,
        main.result.simulatedSeconds() / main.wallSeconds, main.peakHeap, main.peakRss, floor.wallSeconds(), floor.ops(),
        main.wallSeconds / floor.wallSeconds(), points);
    OutputDirectory.write(out, Map.of("bench.json", JsonReport.mapper().writeValueAsString(bench) + "\n"));
    o.println("wrote " + out.resolve("bench.json"));
    return main.result.invariantsHold() ? Main.OK : Main.INVARIANT_VIOLATED;
  }

  private record Timed(SimulationResult result, double wallSeconds, long ops, long peakHeap, long peakRss) {}

  private static Timed timed(Scenario scenario, Config config) {
    System.gc(); // a clean baseline for the heap peak of this run
    try (HeapSampler heap = new HeapSampler()) {
      long start = System.nanoTime();
      SimulationResult result = RunCommand.simulate(scenario, SimulationSettings.virtual(), config);
      double wall = (System.nanoTime() - start) / 1e9;
      long ops = result.vms().stream().mapToLong(SimulationResult.VmResult::opsIssued).sum();
      return new Timed(result, wall, ops, heap.peakBytes(), heap.peakRssBytes());
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
  }
}

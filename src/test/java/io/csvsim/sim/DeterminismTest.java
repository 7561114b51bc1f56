package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.csvsim.report.JsonReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class DeterminismTest {

  static final ActorTestKit manyThreads = ActorTestKit.create("many", ConfigFactory.parseString(
      "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 4, parallelism-max = 4 }"));
  static final ActorTestKit oneThread = ActorTestKit.create("one", ConfigFactory.parseString(
      "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-max = 1 }"));

  @AfterAll
  static void cleanup() {
    manyThreads.shutdownTestKit();
    oneThread.shutdownTestKit();
  }

  /** summary.json without its wall-clock field and the clock's name. */
  static String summary(SimulationResult result) throws Exception {
    ObjectNode tree = (ObjectNode) JsonReport.mapper().readTree(JsonReport.render(result));
    tree.remove("wallSeconds");
    tree.remove("clock");
    return JsonReport.mapper().writeValueAsString(tree);
  }

  static Scenario seedScenario(long seed) {
    return ScenarioLoader.withReference().load(Path.of("conf/scenarios/seed-two-node.conf"), List.of("scenario.duration = 90m"), seed);
  }

  @Test
  void theSameSeedGivesTheSameSummaryWhateverTheThreads() throws Exception {
    String first = summary(Simulations.run(oneThread, seedScenario(11)));
    String again = summary(Simulations.run(oneThread, seedScenario(11)));
    assertEquals(first, again);
    for (int run = 0; run < 3; run++) {
      assertEquals(first, summary(Simulations.run(manyThreads, seedScenario(11))), "4 dispatcher threads give the same summary as 1");
    }
  }

  @Test
  void twoSeparateJvmsWriteTheSameSummaryAsThisOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    // Another JVM has other identity hash codes and another thread timing: nothing may depend on either.
    String here = summary(Simulations.run(manyThreads, seedScenario(11)));
    for (String jvm : List.of("first", "second")) {
      Path out = dir.resolve(jvm);
      Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), "io.csvsim.cli.Main", "run", "conf/scenarios/seed-two-node.conf", "--seed", "11",
          "--set", "scenario.duration=90m", "--quiet", "--out", out.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve(jvm + ".log").toFile()).start();
      assertTrue(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the " + jvm + " JVM did not end");
      assertEquals(0, process.exitValue(), java.nio.file.Files.readString(dir.resolve(jvm + ".log")));
      ObjectNode tree = (ObjectNode) JsonReport.mapper().readTree(out.resolve("summary.json").toFile());
      tree.remove("wallSeconds");
      tree.remove("clock");
      tree.remove("overrides"); // the CLI names the --set it was given; the in-process run had it in the scenario
      ObjectNode mine = (ObjectNode) JsonReport.mapper().readTree(here);
      mine.remove("overrides");
      assertEquals(JsonReport.mapper().writeValueAsString(mine), JsonReport.mapper().writeValueAsString(tree), jvm + " JVM");
    }
  }

  @Test
  void anotherSeedGivesAnotherSummary() throws Exception {
    assertNotEquals(summary(Simulations.run(manyThreads, seedScenario(11))), summary(Simulations.run(manyThreads, seedScenario(12))));
  }
}

package io.csvsim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.report.ComparisonReport.Row;
import io.csvsim.report.JsonReport;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.Simulations;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM killed (SIGKILL) in the middle of a unit: the split-brain resolver downs it, its
 * unit goes to another worker, and the rows are those of the same runs here. About a minute.
 */
@Tag("stress")
class LostWorkerTest {

  static {
    // May be the stress run's first class: start SLF4J before the coordinator's ActorSystem logs from several threads.
    org.slf4j.LoggerFactory.getILoggerFactory();
  }

  private static Process worker(String join) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = File.createTempFile("csvsim-worker", ".log"); // the worker's output, to read if it misbehaves
    log.deleteOnExit();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.csvsim.cli.Main", "worker", "--join", join, "--slots", "1")
        .redirectErrorStream(true).redirectOutput(log).start();
  }

  @Test
  void aKilledWorkersUnitIsRunAgainElsewhereAndTheRowsAreUnchanged() throws Exception {
    ActorTestKit coordinator = ActorTestKit.create(SweepCluster.SYSTEM_NAME, SweepTest.clusterConfig());
    Process first = null;
    Process second = null;
    try {
      Cluster cluster = Cluster.get(coordinator.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      String join = "127.0.0.1:" + cluster.selfMember().address().getPort().get();
      ScenarioLoader loader = ScenarioLoader.withReference();
      Path file = Path.of("conf/scenarios/dpm-recommended.conf");
      String hocon = loader.render(file);
      List<SweepUnit> units = new ArrayList<>();
      for (String provider : List.of("software", "hardware")) {
        units.add(new SweepUnit(units.size(), "provider=" + provider, Map.of("provider", provider), hocon, file.toString(),
            List.of("vss.provider=" + provider, "scenario.duration=3h"), 1L));
      }
      TestProbe<SweepCoordinator.Finished> finished = coordinator.createTestProbe();
      ActorRef<SweepCoordinator.Command> sweep = coordinator.spawn(SweepCoordinator.create(units, finished.ref()), "sweep");
      first = worker(join);
      // Wait until the forked worker holds a unit, then kill it without a word.
      TestProbe<SweepCoordinator.Progress> progress = coordinator.createTestProbe();
      progress.awaitAssert(Duration.ofMinutes(1), Duration.ofMillis(200), () -> {
        sweep.tell(new SweepCoordinator.GetProgress(progress.ref()));
        assertEquals(1, progress.receiveMessage().runningPerMember().size(), "the worker has a unit");
        return null;
      });
      first.destroyForcibly().waitFor();
      second = worker(join);
      SweepCoordinator.Finished done = finished.receiveMessage(Duration.ofMinutes(3));
      sweep.tell(new SweepCoordinator.GetProgress(progress.ref()));
      assertEquals(1, progress.receiveMessage().slotsLost(), "the killed worker's unit was handed out again");
      assertTrue(done.failures().isEmpty(), done.failures().toString());
      // Told there is no more, it leaves and exits by itself (it once hung here: see SweepRun.leave).
      assertTrue(second.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the surviving worker exits by itself");
      assertEquals(0, second.exitValue(), "the surviving worker's exit code");
      ActorTestKit local = ActorTestKit.create("local");
      try {
        for (SweepUnit unit : units) {
          Row here = Row.of(unit.variant(), unit.settings(), Simulations.run(local, unit.scenario()));
          assertEquals(JsonReport.mapper().writeValueAsString(here), JsonReport.mapper().writeValueAsString(done.rows().get(unit.index())));
        }
      } finally {
        local.shutdownTestKit();
      }
    } finally {
      if (first != null) first.destroyForcibly();
      if (second != null) second.destroyForcibly();
      // Leaving a cluster that had a member killed can take longer than the test kit's 10 s default.
      ActorTestKit.shutdown(coordinator.system(), Duration.ofSeconds(60), true);
    }
  }
}

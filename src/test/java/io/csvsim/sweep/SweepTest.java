package io.csvsim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.csvsim.report.ComparisonReport.Row;
import io.csvsim.report.JsonReport;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.SimulationSettings;
import io.csvsim.sim.Simulations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;

/** A sweep across three ActorSystems in one JVM, joined as a Pekko Cluster: what crosses systems goes through CBOR. */
@ExtendWith(LogCapturingExtension.class)
class SweepTest {

  static Config clusterConfig() {
    return ConfigFactory.parseString("""
            pekko.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.loglevel = WARNING
            """)
        .withFallback(SweepCluster.config(ConfigFactory.load()));
  }

  private final List<ActorTestKit> kits = new ArrayList<>();

  @AfterEach
  void shutdown() {
    // Members leave one by one, the coordinator (the first, and the leader) last, so that it sees each
    // one go; a cluster's shutdown can outlast the test kit's 10 s default on a busy machine.
    // Over TLS, Pekko 1.7's Artery now and then leaves a remoting stream open for good when a member
    // stops while a peer is up (5 of 80 two-member runs here; later Pekko bounds it, apache/pekko#3317).
    // The command line goes on after SweepRun.LEAVE_TIMEOUT; so does this test, having checked the rows.
    for (int k = kits.size() - 1; k >= 0; k--) {
      ActorTestKit kit = kits.get(k);
      boolean tls = "tls-tcp".equals(kit.system().settings().config().getString("pekko.remote.artery.transport"));
      ActorTestKit.shutdown(kit.system(), Duration.ofSeconds(tls ? 20 : 60), !tls);
    }
  }

  /** A cluster's members share their ActorSystem's name; the port tells them apart. */
  private ActorTestKit member(ActorTestKit seed) {
    return member(seed, ConfigFactory.empty());
  }

  private ActorTestKit member(ActorTestKit seed, Config extra) {
    ActorTestKit kit = ActorTestKit.create(SweepCluster.SYSTEM_NAME, extra.withFallback(clusterConfig()));
    kits.add(kit);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(seed == null ? cluster.selfMember().address() : Cluster.get(seed.system()).selfMember().address()));
    return kit;
  }

  static List<SweepUnit> units() {
    ScenarioLoader loader = ScenarioLoader.withReference();
    Path file = Path.of("conf/scenarios/seed-two-node.conf");
    String hocon = loader.render(file);
    List<SweepUnit> units = new ArrayList<>();
    for (String provider : List.of("software", "hardware")) {
      for (long seed : List.of(1L, 2L)) {
        units.add(new SweepUnit(units.size(), "provider=" + provider, Map.of("provider", provider), hocon, file.toString(),
            List.of("scenario.duration=90m", "vss.provider=" + provider), seed));
      }
    }
    return units;
  }

  @Test
  void overTlsWithMutualAuthenticationTheSweepGivesTheSameRows(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path store = dir.resolve("sweep.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process gen = new ProcessBuilder(keytool, "-genkeypair", "-alias", "csvsim", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "sweep-secret", "-keypass", "sweep-secret", "-dname", "CN=csvsim-sweep", "-validity", "2")
        .redirectErrorStream(true).start();
    assertEquals(0, gen.waitFor(), new String(gen.getInputStream().readAllBytes()));
    Config tls = SweepCluster.tls(store.toString(), store.toString(), "sweep-secret");
    ActorTestKit coordinator = member(null, tls);
    member(coordinator, tls).spawn(SweepWorker.create(SimulationSettings.virtual()), "slot-1");
    List<SweepUnit> units = units().subList(0, 2);
    TestProbe<SweepCoordinator.Finished> finished = coordinator.createTestProbe();
    coordinator.spawn(SweepCoordinator.create(units, finished.ref()), "sweep");
    SweepCoordinator.Finished done = finished.receiveMessage(Duration.ofMinutes(1));
    assertEquals("tls-tcp", coordinator.system().settings().config().getString("pekko.remote.artery.transport"));
    assertTrue(done.failures().isEmpty() && done.rows().stream().allMatch(java.util.Objects::nonNull), done.toString());
  }

  @Test
  void aSweepOnTwoWorkersGivesTheRowsOfTheSameRunsHere() throws Exception {
    ActorTestKit coordinator = member(null);
    member(coordinator).spawn(SweepWorker.create(SimulationSettings.virtual()), "slot-1");
    ActorTestKit b = member(coordinator);
    b.spawn(SweepWorker.create(SimulationSettings.virtual()), "slot-1");
    b.spawn(SweepWorker.create(SimulationSettings.virtual()), "slot-2");
    List<SweepUnit> units = units();
    TestProbe<SweepCoordinator.Finished> finished = coordinator.createTestProbe();
    coordinator.spawn(SweepCoordinator.create(units, finished.ref()), "sweep");
    SweepCoordinator.Finished done = finished.receiveMessage(Duration.ofMinutes(1));

    assertTrue(done.failures().isEmpty(), done.failures().toString());
    ActorTestKit local = ActorTestKit.create("sweep-local");
    kits.add(local);
    for (SweepUnit unit : units) {
      var result = Simulations.run(local, unit.scenario());
      Row here = Row.of(unit.variant(), unit.settings(), result);
      assertEquals(JsonReport.mapper().writeValueAsString(here), JsonReport.mapper().writeValueAsString(done.rows().get(unit.index())),
          "unit " + unit.index());
      assertEquals(io.csvsim.report.HtmlReport.render(result), done.reports().get(unit.index()).html(), "unit " + unit.index() + "'s report");
    }
  }
}

package io.csvsim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csvsim.plan.RunFigures;
import io.csvsim.report.ComparisonReport.Row;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses members round-trips through Jackson CBOR, and nothing falls back to Java serialization. */
class SweepMessagesTest {

  static final ActorTestKit kit = ActorTestKit.create(SweepCluster.SYSTEM_NAME, SweepTest.clusterConfig());

  @AfterAll
  static void cleanup() {
    kit.shutdownTestKit();
  }

  @Test
  void everySweepMessageRoundTripsThroughCbor() {
    SerializationTestKit serialization = kit.serializationTestKit();
    ActorRef<SweepWorker.Command> slot = kit.<SweepWorker.Command>createTestProbe().ref();
    Row row = new Row("provider=hardware", Map.of("provider", "hardware"), "2008r2", "MaxAllowedParallelBackups 3, DataSourceGroups off", 929.39,
        true, 880.0, 4.9, "mostly the array", 4.4, 0, 0.0, true);
    List<SweepMessage> messages = List.of(
        new SweepUnit(3, "provider=hardware", Map.of("provider", "hardware"), "csvsim.scenario.name = x", "seed.conf", List.of("a=b"), 7L),
        new SweepCoordinator.RequestUnit(slot),
        new SweepCoordinator.UnitDone(3, row, RunReport.of("<!DOCTYPE html><title>x</title>"), null, slot),
        new SweepCoordinator.UnitDone(4, new Row("v", Map.of(), "2012", "", null, false, 0, 0, null, 0, 1, 0, false), null, null, slot),
        new SweepCoordinator.UnitDone(5, row, null, new RunFigures(5400.25, true, 0, 1, 1200.5, 22.375, "ownership-move", 0.0, 12.0,
            3000.0, "Volume1", 2000.0, "node-a", 1000.0), slot),
        new SweepCoordinator.UnitDone(6, row, null, new RunFigures(null, false, 2, 0, 0, 0, null, 0, 0, 0, "-", 0, "-", 0), slot),
        new SweepCoordinator.UnitFailed(3, "model actor node-0 failed", slot),
        new SweepWorker.Assign(new SweepUnit(1, "v", Map.of(), "{}", "s.conf", List.of(), null)),
        new SweepWorker.Assign(new SweepUnit(2, "v", Map.of(), "{}", "s.conf", List.of("dpm.max-allowed-parallel-backups=3"), 9L,
            SweepUnit.Answer.ROW_AND_PLAN_FIGURES)),
        SweepWorker.NoMoreUnits.INSTANCE);
    for (SweepMessage m : messages) {
      serialization.verifySerialization(m, true);
      assertEquals("JacksonCborSerializer", SerializationExtension.get(kit.system().classicSystem()).findSerializerFor(m).getClass().getSimpleName(),
          m.getClass().getSimpleName());
    }
  }

  @Test
  void aSweepListensOnLoopbackUnlessToldOtherwiseAndNeverUsesJavaSerialization() {
    com.typesafe.config.Config config = SweepCluster.config(com.typesafe.config.ConfigFactory.load());
    assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals("off", config.getString("pekko.actor.allow-java-serialization"));
    assertEquals("local", com.typesafe.config.ConfigFactory.load().getString("pekko.actor.provider"), "a plain run opens no port");
  }
}

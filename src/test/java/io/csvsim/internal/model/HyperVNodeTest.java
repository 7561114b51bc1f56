package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.internal.model.CsvVolume.Access;
import io.csvsim.internal.model.Recorder.Received;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** node-1 under test; node-0 (the CSV's coordinator), the array, the volume and DPM are recorders. */
@ExtendWith(LogCapturingExtension.class)
class HyperVNodeTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static final long S = Scenario.SECOND;

  private static final class Rig {
    final Scenario scenario;
    final ClockRig rig;
    final ClockRig.Stand<StorageArray.Command> storage;
    final ClockRig.Stand<HyperVNode.Command> coordinator;
    final ClockRig.Stand<CsvVolume.Command> volume;
    final ClockRig.Stand<DpmServer.Command> dpm;
    final ActorRef<HyperVNode.Command> node;

    Rig(long end, String... settings) {
      // vm-1 runs on node-1; csv-0 starts coordinated by node-0
      // DPM is a recorder here: the scenario schedules no backups of its own.
      String[] all = java.util.Arrays.copyOf(settings, settings.length + 2);
      all[settings.length] = "scenario.duration = " + end / S + "s";
      all[settings.length + 1] = "dpm.protection-groups = []";
      scenario = TestScenarios.explicit(2, 1, 2, all);
      rig = new ClockRig(testKit, scenario.endTime());
      storage = rig.stand();
      coordinator = rig.stand();
      volume = rig.stand();
      dpm = rig.stand();
      node = testKit.spawn(HyperVNode.create(scenario, 1, storage.ref, rig.clock));
      node.tell(new HyperVNode.Connect(List.of(coordinator.ref, node), List.of(volume.ref)));
      rig.at(0, node, HyperVNode.IoTick.INSTANCE);
    }
  }

  @Test
  void directUntilTheVolumeIsRedirectedThenThroughTheCoordinatorAndHeldWhileMoving() throws Exception {
    Rig r = new Rig(10 * S, "cluster.vm-defaults.iops = 100", "cluster.vm-defaults.arrival = constant");
    r.rig.at(3 * S + 500_000, r.node, new HyperVNode.CsvStateChanged(0, 0, Access.REDIRECTED));
    r.rig.at(6 * S + 500_000, r.node, new HyperVNode.CsvStateChanged(0, 0, Access.MOVING));
    r.rig.at(7 * S + 500_000, r.node, new HyperVNode.CsvStateChanged(0, 1, Access.REDIRECTED));
    r.rig.run();
    List<StorageArray.Io> direct = r.storage.only(StorageArray.Io.class);
    List<Received<HyperVNode.Command>> redirected = r.coordinator.all();
    // ticks at 0..3 s direct; 4, 5, 6 s redirected to node-0; 7 s held, released at 7.5 s direct
    // (node-1 is the coordinator now); 8 and 9 s direct; no tick starts at the end (10 s)
    assertEquals(List.of(0L, 1L, 2L, 3L, 7L, 8L, 9L), direct.stream().map(d -> d.runs().get(0).issued(0) / S).toList());
    for (StorageArray.Io io : direct) assertEquals(100, io.runs().get(0).size(), "one tick of vm-1 at 100 IOPS");
    OpRun released = direct.get(4).runs().get(0);
    long fabric = r.scenario.storage().fabricLatency();
    for (int i = 0; i < released.size(); i++) {
      long leaves = Math.max(released.issued(i), 7 * S + 500_000);
      assertEquals(leaves, released.left(i), "held ops leave when the move is done");
      assertEquals(leaves + fabric, released.arrival(i), 1e-9);
      if (leaves > released.issued(i)) assertEquals(LatencyCause.OWNERSHIP_MOVE, released.heldBy(i));
    }
    assertFalse(direct.get(5).runs().get(0).redirected);
    assertEquals(List.of(4L, 5L, 6L), redirected.stream().map(m -> ((HyperVNode.RedirectedIo) m.message()).run().issued(0) / S).toList());
    for (Received<HyperVNode.Command> m : redirected) {
      assertEquals(100, ((HyperVNode.RedirectedIo) m.message()).run().size(), "one tick of vm-1 at 100 IOPS");
    }
    TestProbeStats stats = TestProbeStats.of(r.node);
    assertEquals(1000, stats.stats.opsIssued()[1]);
    assertEquals(300, stats.stats.redirectedOps()[1]);
  }

  @Test
  void theAgentPinsSnapshotsAndReleasesAfterTheTransferWithSoftware() throws Exception {
    Rig r = new Rig(600 * S, "cluster.vm-defaults.iops = 0", "vss.provider = software");
    r.rig.at(10 * S, r.node, new HyperVNode.StartBackup(7, 1, r.dpm.ref));
    r.rig.at(20 * S, r.node, new HyperVNode.BackupPrepared(7, 0, 0, 2 * S, 0));
    r.rig.at(300 * S, r.node, new HyperVNode.TransferFinished(7));
    r.rig.run();
    List<Received<CsvVolume.Command>> toVolume = r.volume.all();
    assertEquals(CsvVolume.PrepareForBackup.class, toVolume.get(0).message().getClass());
    assertEquals(new CsvVolume.ClearBackupState(7), toVolume.get(1).message());
    assertTrue(toVolume.get(1).at() > 300 * S, "software: released only after the transfer");
    List<Received<DpmServer.Command>> toDpm = r.dpm.all();
    assertEquals(List.of(DpmServer.Prepared.class, DpmServer.SnapshotCreated.class, DpmServer.Completed.class),
        toDpm.stream().map(m -> m.message().getClass()).toList());
    long snapshot = r.scenario.vss().softwareSnapshotTime();
    assertEquals(20 * S + snapshot + r.scenario.network().latency(), toDpm.get(1).at());
  }

  @Test
  void withHardwareTheAgentReleasesRightAfterTheSnapshotAndOfflineVmsPause() throws Exception {
    Rig r = new Rig(600 * S, "cluster.vm-defaults.iops = 100", "cluster.vm-defaults.arrival = constant", "vss.provider = hardware",
        "cluster.vm-defaults.backup-mode = offline");
    r.rig.at(20 * S, r.node, new HyperVNode.BackupPrepared(7, 0, 0, 0, 0));
    r.rig.at(10 * S, r.node, new HyperVNode.StartBackup(7, 1, r.dpm.ref));
    r.rig.run();
    List<Received<CsvVolume.Command>> toVolume = r.volume.all();
    long snapshot = r.scenario.vss().hardwareSnapshotTime();
    Received<CsvVolume.Command> clear = toVolume.get(1);
    assertEquals(new CsvVolume.ClearBackupState(7), clear.message());
    assertEquals(20 * S + snapshot + r.scenario.network().latency(), clear.at());
    TestProbeStats stats = TestProbeStats.of(r.node);
    assertEquals(snapshot, stats.stats.downtimeMicros()[1]);
    long pausedTicks = snapshot / S;
    // the pause starts and ends on tick instants: whether those two ticks fall inside is same-instant order
    assertEquals((600 - pausedTicks) * 100, stats.stats.opsIssued()[1], 100, "no I/O while saved");
  }

  /** Asks the node for its statistics (an uncounted message, after the run). */
  record TestProbeStats(HyperVNode.Stats stats) {
    static TestProbeStats of(ActorRef<HyperVNode.Command> node) {
      var probe = testKit.<HyperVNode.Stats>createTestProbe();
      node.tell(new HyperVNode.CollectStats(probe.ref()));
      return new TestProbeStats(probe.receiveMessage());
    }
  }
}

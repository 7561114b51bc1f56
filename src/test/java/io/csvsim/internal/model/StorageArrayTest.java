package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The array under test; a recorder node receives the completions. */
@ExtendWith(LogCapturingExtension.class)
class StorageArrayTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static final String[] READS_ONLY = {"cluster.vm-defaults.read-ratio = 1.0", "storage.base-latency = 4ms",
      "storage.fabric-latency = 100us", "storage.max-iops = 10000", "storage.bandwidth = 800MB"};

  StorageArray.Stats collect(ActorRef<StorageArray.Command> storage) {
    TestProbe<StorageArray.Stats> stats = testKit.createTestProbe();
    storage.tell(new StorageArray.CollectStats(stats.ref()));
    return stats.receiveMessage();
  }

  static OpRun batch(ActorRef<HyperVNode.Command> node, boolean redirected, long returnLatency, long[] issued, double[] arrivals) {
    float[] service = new float[issued.length];
    java.util.Arrays.fill(service, 100); // READS_ONLY: 10,000 IOPS, 100 µs a read
    return new OpRun(node, redirected, returnLatency, new int[issued.length], issued, null, arrivals, service, null, null);
  }

  @Test
  void aLoneOpLeavesAfterItsServiceAndTheBaseLatencyAndIsReportedToItsNode() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 1, READS_ONLY);
    assertEquals(100, s.storage().meanServiceMicros(s.vms().get(0).ioSizeBytes(), false), 1e-9, "10,000 IOPS: 100 µs an op");
    ClockRig rig = new ClockRig(testKit, Scenario.DAY);
    ClockRig.Stand<HyperVNode.Command> node = rig.stand();
    ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
    rig.at(50, storage, new StorageArray.Io(batch(node.ref, false, 100, new long[] {0}, new double[] {100})));
    rig.run();
    List<HyperVNode.IoCompleted> completions = node.only(HyperVNode.IoCompleted.class);
    assertEquals(1, completions.size());
    // arrives at 100, served for 100, base latency 4 ms, 100 µs back
    assertArrayEquals(new long[] {100 + 100 + 4000 + 100}, completions.get(0).parts().get(0).done());
  }

  /** The array on its clock, with two recorder nodes a and b that receive their ops' completions. */
  record TwoNodes(ClockRig rig, ClockRig.Stand<HyperVNode.Command> a, ClockRig.Stand<HyperVNode.Command> b,
      ActorRef<StorageArray.Command> storage) {
    static TwoNodes create() {
      ClockRig rig = new ClockRig(testKit, Scenario.DAY);
      return new TwoNodes(rig, rig.stand(), rig.stand(), testKit.spawn(StorageArray.create(TestScenarios.explicit(2, 1, 2, READS_ONLY), rig.clock)));
    }

    long[] done(ClockRig.Stand<HyperVNode.Command> node) {
      return node.only(HyperVNode.IoCompleted.class).get(0).parts().get(0).done();
    }
  }

  @Test
  void opsOfSeveralBatchesQueueInArrivalOrderWhateverBatchTheyCameIn() throws Exception {
    TwoNodes t = TwoNodes.create();
    ClockRig rig = t.rig();
    ClockRig.Stand<HyperVNode.Command> a = t.a();
    ClockRig.Stand<HyperVNode.Command> b = t.b();
    ActorRef<StorageArray.Command> storage = t.storage();
    // a's ops arrive at 1000 and 1300; b's (forwarded by a coordinator) at 1050 and 1100
    rig.at(900, storage, new StorageArray.Io(batch(a.ref, false, 0, new long[] {1000, 1300}, new double[] {1000, 1300})));
    rig.at(950, storage, new StorageArray.Io(batch(b.ref, true, 0, new long[] {800, 900}, new double[] {1050, 1100})));
    rig.run();
    long[] doneA = t.done(a);
    long[] doneB = t.done(b);
    // FCFS over all four: 1000-1100 (a), 1100-1200 (b), 1200-1300 (b), 1300-1400 (a); + 4 ms
    assertArrayEquals(new long[] {1100 + 4000, 1400 + 4000}, doneA);
    assertArrayEquals(new long[] {1200 + 4000, 1300 + 4000}, doneB);
    assertEquals(4, collect(storage).opsServed());
  }

  @Test
  void anOpIsNeverServedBeforeOneThatArrivedEarlierWhateverOrderTheirRunsCameIn() throws Exception {
    TwoNodes t = TwoNodes.create();
    // A coordinator's backlogged NIC hands on, early, an op that reaches the array only at 5 s ...
    t.rig().at(10, t.storage(), new StorageArray.Io(batch(t.a().ref, true, 0, new long[] {0}, new double[] {5_000_000})));
    // ... after a direct op that arrives at 1.2 s, in a run that comes later.
    t.rig().at(1_000_000, t.storage(), new StorageArray.Io(batch(t.b().ref, false, 0, new long[] {1_100_000}, new double[] {1_200_000})));
    t.rig().run();
    assertArrayEquals(new long[] {1_200_000 + 100 + 4000}, t.done(t.b()), "served at its arrival: the later op does not hold the controller");
    assertArrayEquals(new long[] {5_000_000 + 100 + 4000}, t.done(t.a()));
    assertEquals(0, collect(t.storage()).meanWaitMicros(), 1e-9, "neither op waited");
  }

  @Test
  void backupReadsSlowTheController() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 1, READS_ONLY);
    long[] finish = new long[2];
    for (int withBackup = 0; withBackup < 2; withBackup++) {
      ClockRig rig = new ClockRig(testKit, Scenario.DAY);
      ClockRig.Stand<HyperVNode.Command> node = rig.stand();
      ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
      if (withBackup == 1) rig.at(0, storage, new StorageArray.BackupReadRate(400e6)); // half the array's bandwidth
      rig.at(50, storage, new StorageArray.Io(batch(node.ref, false, 0, new long[] {100}, new double[] {100})));
      rig.run();
      finish[withBackup] = node.only(HyperVNode.IoCompleted.class).get(0).parts().get(0).done()[0];
      if (withBackup == 1) assertTrue(collect(storage).backupBytesRead() > 0);
    }
    assertEquals(100 + 100 + 4000, finish[0]);
    assertEquals(100 + 200 + 4000, finish[1], "service takes twice as long while backups read half the bandwidth");
  }

  @Test
  void opsNotYetFlushedWhenTheRunEndsArePending() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 1, READS_ONLY);
    ClockRig rig = new ClockRig(testKit, 1000);
    ClockRig.Stand<HyperVNode.Command> node = rig.stand();
    ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
    rig.at(999, storage, new StorageArray.Io(batch(node.ref, false, 0, new long[] {999, 999, 999}, new double[] {999, 999, 999})));
    rig.run();
    assertEquals(3, collect(storage).pendingOps()[0]);
    assertTrue(node.all().isEmpty());
  }
}

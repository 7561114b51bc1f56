package io.csvsim.model;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.model.IoProtocol.Burst;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class StorageArrayTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static final String[] READS_ONLY = {"cluster.vm-defaults.read-ratio = 1.0", "cluster.vm-defaults.arrival = constant",
      "storage.base-latency = 4ms", "storage.fabric-latency = 100us", "storage.max-iops = 10000", "storage.bandwidth = 800MB"};

  StorageArray.Stats collect(ActorRef<StorageArray.Command> storage) {
    TestProbe<StorageArray.Stats> stats = testKit.createTestProbe();
    storage.tell(new StorageArray.CollectStats(stats.ref()));
    return stats.receiveMessage();
  }

  @Test
  void aLoneDirectOpTakesServiceBaseLatencyAndTwoFabricHops() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 1, READS_ONLY);
    ClockRig rig = new ClockRig(testKit, Scenario.DAY);
    ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
    rig.at(0, storage, new StorageArray.DirectIo(new Burst(0, 0, new int[] {0}, new int[] {1})));
    rig.run();
    StorageArray.Stats stats = collect(storage);
    assertEquals(1, stats.completed()[0]);
    double service = s.storage().meanServiceMicros(s.vms().get(0).ioSizeBytes(), false);
    assertEquals(100, service, 1e-9, "10,000 IOPS: 100 µs an op");
    // fabric hop + service + base latency + fabric hop back
    assertEquals(100 + 100 + 4000 + 100, stats.direct()[0].sumMicros, 1e-9);
    assertEquals(0, stats.redirected()[0].count);
  }

  @Test
  void opsOfOneTickQueueAtTheControllerAndBackupReadsSlowIt() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 2, READS_ONLY);
    double[] meanWait = new double[2];
    for (int withBackup = 0; withBackup < 2; withBackup++) {
      ClockRig rig = new ClockRig(testKit, Scenario.DAY);
      ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
      if (withBackup == 1) rig.at(0, storage, new StorageArray.BackupReadRate(400e6));
      // 9,000 ops in one second at 10,000 IOPS: 90% busy, twice as slow with half the bandwidth read by backups
      rig.at(1, storage, new StorageArray.DirectIo(new Burst(1, 1, new int[] {0, 1}, new int[] {4500, 4500})));
      rig.run();
      StorageArray.Stats stats = collect(storage);
      assertEquals(4500, stats.completed()[0]);
      assertEquals(4500, stats.completed()[1]);
      meanWait[withBackup] = stats.meanWaitMicros();
    }
    assertTrue(meanWait[1] > 10 * Math.max(1, meanWait[0]), "waits " + meanWait[0] + " -> " + meanWait[1] + " µs");
  }

  @Test
  void forwardedOpsCountAsRedirectedWithTheirOwnIssueTimes() throws Exception {
    Scenario s = TestScenarios.explicit(2, 1, 2, READS_ONLY);
    ClockRig rig = new ClockRig(testKit, Scenario.DAY);
    ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
    rig.at(1000, storage, new StorageArray.ForwardedIo(new int[] {1, 1}, new long[] {0, 10}, new double[] {900, 5000}, 300));
    rig.run();
    StorageArray.Stats stats = collect(storage);
    assertEquals(2, stats.redirected()[1].count);
    assertEquals(0, stats.direct()[1].count);
    // arrival + 100 µs service + 4 ms base + 300 µs back, minus each op's own issue time
    assertEquals((900 + 100 + 4000 + 300 - 0) + (5000 + 100 + 4000 + 300 - 10), stats.redirected()[1].sumMicros, 1e-9);
  }

  @Test
  void opsCompletingAfterTheEndAreInFlight() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 1, READS_ONLY);
    ClockRig rig = new ClockRig(testKit, s.endTime());
    ActorRef<StorageArray.Command> storage = testKit.spawn(StorageArray.create(s, rig.clock));
    rig.at(s.endTime() - 2_000_000, storage, new StorageArray.DirectIo(new Burst(s.endTime() - 2_000_000, s.endTime() - 2_000_000, new int[] {0}, new int[] {10})));
    rig.at(s.endTime() - 1000, storage, new StorageArray.DirectIo(new Burst(s.endTime() - 1000, s.endTime() - 1000, new int[] {0}, new int[] {10})));
    rig.run();
    StorageArray.Stats stats = collect(storage);
    assertEquals(10, stats.completed()[0]);
    assertEquals(10, stats.completedAfterEnd()[0], "the second burst is still in the array when the run ends");
  }
}

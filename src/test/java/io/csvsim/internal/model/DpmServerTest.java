package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.internal.model.Recorder.Received;
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

/** DPM under test; the nodes and the array are recorders. */
@ExtendWith(LogCapturingExtension.class)
class DpmServerTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static final long S = Scenario.SECOND;

  DpmServer.Stats stats(ActorRef<DpmServer.Command> dpm) {
    TestProbe<DpmServer.Stats> probe = testKit.createTestProbe();
    dpm.tell(new DpmServer.CollectStats(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void aScheduleStartsJobsUpToTheHostLimitAndTheNextWhenOneCompletes() throws Exception {
    // one node, four VMs, MaxAllowedParallelBackups = 2
    Scenario s = TestScenarios.explicit(1, 1, 4, "dpm.max-allowed-parallel-backups = 2");
    ClockRig rig = new ClockRig(testKit, 3600 * S);
    ClockRig.Stand<HyperVNode.Command> node = rig.stand();
    ClockRig.Stand<StorageArray.Command> storage = rig.stand();
    ActorRef<DpmServer.Command> dpm = testKit.spawn(DpmServer.create(s, List.of(node.ref), storage.ref, rig.clock));
    rig.at(10 * S, dpm, new DpmServer.ScheduleDue(0, 21 * 3600 * S)); // the reference's nightly 21:00
    rig.at(100 * S, dpm, new DpmServer.Prepared(1, 0, 0, 0, -1));
    rig.at(160 * S, dpm, new DpmServer.SnapshotCreated(1, 0));
    rig.run();
    List<Received<HyperVNode.Command>> starts = node.all();
    List<HyperVNode.StartBackup> started = starts.stream().map(Received::message)
        .filter(HyperVNode.StartBackup.class::isInstance).map(HyperVNode.StartBackup.class::cast).toList();
    assertEquals(List.of(0, 1), started.stream().map(HyperVNode.StartBackup::vm).toList(), "two at once on one host");
    // job 1's transfer finishes at the per-job rate; the node is told, not DPM's own completion yet
    HyperVNode.TransferFinished finished = starts.stream().map(Received::message)
        .filter(HyperVNode.TransferFinished.class::isInstance).map(HyperVNode.TransferFinished.class::cast).findFirst().orElseThrow();
    assertEquals(1, finished.jobId());
    DpmServer.Stats stats = stats(dpm);
    JobRecord job1 = stats.jobs().get(0);
    // the change since the previous 21:00, a day before this schedule
    long bytes = (long) (s.vms().get(0).sizeBytes() * s.vms().get(0).dailyChangeRate() * (160 * S - 10 * S + Scenario.DAY) / Scenario.DAY);
    assertEquals(bytes, job1.bytes(), 2);
    assertTrue(stats.jobs().get(2).waited().getOrDefault(WaitReason.HOST_LIMIT, 0L) > 0);
    List<Received<StorageArray.Command>> reads = storage.all();
    assertEquals(new StorageArray.BackupReadRate(s.dpm().ratePerTransfer(1)), reads.get(0).message());
  }

  @Test
  void aCompletionFreesTheSlotAndAFailureIsRetriedAfterTheDelay() throws Exception {
    Scenario s = TestScenarios.explicit(1, 1, 3, "dpm.max-allowed-parallel-backups = 1", "dpm.retry.delay = 5m");
    ClockRig rig = new ClockRig(testKit, 3600 * S);
    ClockRig.Stand<HyperVNode.Command> node = rig.stand();
    ClockRig.Stand<StorageArray.Command> storage = rig.stand();
    ActorRef<DpmServer.Command> dpm = testKit.spawn(DpmServer.create(s, List.of(node.ref), storage.ref, rig.clock));
    rig.at(10 * S, dpm, new DpmServer.ScheduleDue(0, 0));
    rig.at(20 * S, dpm, new DpmServer.Failed(1, "test failure"));
    rig.at(30 * S, dpm, new DpmServer.Failed(2, "test failure"));
    rig.at(100 * S, dpm, new DpmServer.Completed(3));
    rig.run();
    List<Received<HyperVNode.Command>> starts = node.all().stream().filter(m -> m.message() instanceof HyperVNode.StartBackup).toList();
    List<Integer> vms = starts.stream().map(m -> ((HyperVNode.StartBackup) m.message()).vm()).toList();
    assertEquals(List.of(0, 1, 2, 0), vms, "one at a time: vm-0, vm-1, vm-2, then vm-0's retry once its delay is over");
    assertEquals(20 * S + 300 * S + s.network().latency(), starts.get(3).at());
    DpmServer.Stats stats = stats(dpm);
    assertEquals(JobRecord.Outcome.FAILED, stats.jobs().get(0).outcome());
    assertEquals("test failure", stats.jobs().get(0).reason());
    assertEquals(JobRecord.Outcome.SUCCEEDED, stats.jobs().get(2).outcome());
    JobRecord retryOfVm1 = stats.jobs().get(4);
    assertEquals(1, retryOfVm1.vm());
    assertEquals(2, retryOfVm1.attempt());
    assertEquals(JobRecord.Outcome.CANCELLED, retryOfVm1.outcome(), "still waiting for the host when the run ended");
    assertTrue(retryOfVm1.waited().get(WaitReason.HOST_LIMIT) > 0);
  }
}

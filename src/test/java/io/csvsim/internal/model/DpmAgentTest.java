package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The agent's state machine alone: what it sends, to whom, for each step of a job (nothing is delivered). */
class DpmAgentTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  record Sent(ActorRef<?> to, Object message, long delay) {}

  /** A clock sender that only records. */
  static final class Recording implements SimClock.Sender {
    final List<Sent> sent = new ArrayList<>();

    @Override
    public long now() {
      return 0;
    }

    @Override
    public <T> void tell(ActorRef<T> target, T message, long delayMicros) {
      sent.add(new Sent(target, message, delayMicros));
    }

    List<Object> drain() {
      List<Object> messages = sent.stream().map(Sent::message).toList();
      sent.clear();
      return messages;
    }
  }

  static final class Host implements DpmAgent.Host {
    final List<String> faults = new ArrayList<>();
    boolean paused;

    @Override
    public void pause(int vm, boolean paused) {
      this.paused = paused;
    }

    @Override
    public boolean paused(int vm) {
      return paused;
    }

    @Override
    public void addDowntime(int vm, long micros) {}

    @Override
    public void logFault(Scenario.FaultKind kind, String what) {
      faults.add(kind.label() + ": " + what);
    }
  }

  final Recording out = new Recording();
  final Host host = new Host();
  final ActorRef<HyperVNode.Command> self = testKit.<HyperVNode.Command>createTestProbe().ref();
  final ActorRef<CsvVolume.Command> volume = testKit.<CsvVolume.Command>createTestProbe().ref();
  final ActorRef<DpmServer.Command> dpm = testKit.<DpmServer.Command>createTestProbe().ref();

  DpmAgent agent(String provider) {
    Scenario s = TestScenarios.explicit(1, 1, 1, "vss.provider = " + provider);
    DpmAgent agent = new DpmAgent(s, 0, out, self, host);
    agent.connect(List.of(volume));
    return agent;
  }

  @Test
  void withSoftwareThePinIsHeldUntilTheTransferEnds() {
    DpmAgent agent = agent("software");
    agent.start(7, 0, dpm, false);
    assertEquals(List.of(new CsvVolume.PrepareForBackup(7, 0, self)), out.drain());
    agent.prepared(new HyperVNode.BackupPrepared(7, 0, 0, 2_000_000, 0), false);
    assertEquals(List.of(new HyperVNode.SnapshotDone(7), new DpmServer.Prepared(7, 0, 2_000_000, 0, -1)), out.drain());
    agent.snapshotDone(7);
    assertEquals(List.of(new DpmServer.SnapshotCreated(7, 0)), out.drain(), "the CSV stays pinned through the transfer");
    agent.transferFinished(7);
    assertEquals(List.of(new CsvVolume.ClearBackupState(7), new DpmServer.Completed(7)), out.drain());
  }

  @Test
  void withHardwareThePinIsGivenBackRightAfterTheSnapshot() {
    DpmAgent agent = agent("hardware");
    agent.start(8, 0, dpm, false);
    agent.prepared(new HyperVNode.BackupPrepared(8, 0, 0, 0, 0), false);
    out.drain();
    agent.snapshotDone(8);
    assertEquals(List.of(new CsvVolume.ClearBackupState(8), new DpmServer.SnapshotCreated(8, 0)), out.drain());
    agent.transferFinished(8);
    assertEquals(List.of(new DpmServer.Completed(8)), out.drain());
  }

  @Test
  void aRequesterThatDiesAfterPrepareLeavesThePinAndFailsTheJob() {
    DpmAgent agent = agent("software");
    agent.arm(new Scenario.FaultSpec(0, Scenario.FaultKind.REQUESTER_DEATH, 0, -1, -1, 0, null, 1));
    agent.start(9, 0, dpm, false);
    agent.prepared(new HyperVNode.BackupPrepared(9, 0, 0, 0, 0), false);
    List<Object> sent = out.drain();
    assertEquals(new CsvVolume.RequesterDied(9), sent.get(1));
    assertTrue(sent.get(2) instanceof DpmServer.Failed f && f.reason().startsWith("requester-death"), sent.toString());
    assertEquals(3, sent.size(), "no ClearBackupState: nobody is left to send it");
    agent.transferFinished(9);
    assertTrue(out.drain().isEmpty(), "the job is gone from the agent");
  }

  @Test
  void anAbortBeforeThePinWithdrawsTheRequestAndAfterItGivesThePinBack() {
    DpmAgent agent = agent("software");
    agent.start(10, 0, dpm, false);
    out.drain();
    agent.abort(10);
    assertEquals(List.of(new CsvVolume.Withdraw(10)), out.drain());
    agent.start(11, 0, dpm, false);
    agent.prepared(new HyperVNode.BackupPrepared(11, 0, 0, 0, 0), false);
    out.drain();
    agent.abort(11);
    assertEquals(List.of(new CsvVolume.ClearBackupState(11)), out.drain());
  }
}

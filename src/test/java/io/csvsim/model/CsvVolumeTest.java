package io.csvsim.model;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.clock.SimClock;
import io.csvsim.clock.VirtualClock;
import io.csvsim.model.CsvVolume.Access;
import io.csvsim.model.HyperVNode.BackupPrepared;
import io.csvsim.model.HyperVNode.BackupRefused;
import io.csvsim.model.HyperVNode.CsvStateChanged;
import io.csvsim.model.Recorder.Received;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The volume's ownership and pin protocol, with recorders standing in for the nodes. */
@ExtendWith(LogCapturingExtension.class)
class CsvVolumeTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** One volume (coordinated by node 0) and three recorder nodes. */
  private static final class Rig {
    final Scenario scenario;
    final VirtualClock clock;
    final CountDownLatch done = new CountDownLatch(1);
    final List<TestProbe<Received<HyperVNode.Command>>> probes = new ArrayList<>();
    final List<ActorRef<HyperVNode.Command>> nodes = new ArrayList<>();
    final ActorRef<CsvVolume.Command> volume;
    final SimClock.Sender driver;

    Rig(String... settings) {
      scenario = TestScenarios.explicit(3, 1, 1, settings);
      clock = new VirtualClock(Scenario.DAY, done::countDown);
      for (int n = 0; n < 3; n++) {
        TestProbe<Received<HyperVNode.Command>> probe = testKit.createTestProbe();
        probes.add(probe);
        nodes.add(testKit.spawn(Recorder.create(clock, probe.ref())));
      }
      volume = testKit.spawn(CsvVolume.create(scenario, 0, nodes, clock));
      driver = clock.sender("driver");
    }

    void prepareAt(long at, long job, int node) {
      driver.tell(volume, new CsvVolume.PrepareForBackup(job, node, nodes.get(node)), at);
    }

    void clearAt(long at, long job) {
      driver.tell(volume, new CsvVolume.ClearBackupState(job), at);
    }

    List<Received<HyperVNode.Command>> messages(int node) throws InterruptedException {
      if (done.getCount() > 0) {
        clock.start();
        assertTrue(done.await(30, TimeUnit.SECONDS));
      }
      List<Received<HyperVNode.Command>> all = new ArrayList<>();
      while (true) {
        Received<HyperVNode.Command> next;
        try {
          next = probes.get(node).receiveMessage(Duration.ofMillis(300));
        } catch (AssertionError empty) {
          return all;
        }
        all.add(next);
      }
    }
  }

  private static <T> List<T> only(List<Received<HyperVNode.Command>> received, Class<T> type) {
    return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void theCoordinatorsOwnBackupPinsAtOnceAndRedirectsTheOthers() throws Exception {
    Rig rig = new Rig();
    rig.prepareAt(10, 1, 0);
    List<Received<HyperVNode.Command>> coordinator = rig.messages(0);
    List<BackupPrepared> prepared = only(coordinator, BackupPrepared.class);
    assertEquals(1, prepared.size());
    assertEquals(0, prepared.get(0).moveMicros());
    assertEquals(0, prepared.get(0).heldMicros());
    List<CsvStateChanged> other = only(rig.messages(1), CsvStateChanged.class);
    assertEquals(List.of(new CsvStateChanged(0, 0, Access.REDIRECTED)), other);
  }

  @Test
  void aBackupOnAnotherNodeMovesOwnershipFirst() throws Exception {
    Rig rig = new Rig();
    rig.prepareAt(10, 7, 2);
    List<Received<HyperVNode.Command>> requester = rig.messages(2);
    List<CsvStateChanged> states = only(requester, CsvStateChanged.class);
    assertEquals(List.of(new CsvStateChanged(0, 0, Access.MOVING), new CsvStateChanged(0, 2, Access.REDIRECTED)), states);
    Received<HyperVNode.Command> preparedAt = requester.stream().filter(r -> r.message() instanceof BackupPrepared).findFirst().orElseThrow();
    BackupPrepared prepared = (BackupPrepared) preparedAt.message();
    long move = rig.scenario.ownershipMoveTime();
    assertEquals(move, prepared.moveMicros());
    assertEquals(10 + move + rig.scenario.network().latency(), preparedAt.at(), "prepared once the move is done");
  }

  @Test
  void patchedHoldsAnotherNodesRequestUntilTheClear() throws Exception {
    Rig rig = new Rig();
    rig.prepareAt(10, 1, 0);
    rig.prepareAt(20, 2, 1);
    rig.clearAt(5_000_000, 1);
    List<Received<HyperVNode.Command>> second = rig.messages(1);
    Received<HyperVNode.Command> granted = second.stream().filter(r -> r.message() instanceof BackupPrepared).findFirst().orElseThrow();
    BackupPrepared prepared = (BackupPrepared) granted.message();
    assertTrue(granted.at() > 5_000_000, "granted only after job 1 cleared, at " + granted.at());
    assertEquals(5_000_000 - 20, prepared.heldMicros());
    assertTrue(only(second, BackupRefused.class).isEmpty());
  }

  @Test
  void unpatchedRefusesAnotherNodesRequestWhilePinned() throws Exception {
    Rig rig = new Rig("scenario.patched = false");
    rig.prepareAt(10, 1, 0);
    rig.prepareAt(20, 2, 1);
    List<BackupRefused> refused = only(rig.messages(1), BackupRefused.class);
    assertEquals(1, refused.size());
    assertEquals(2, refused.get(0).jobId());
    assertTrue(refused.get(0).reason().contains("KB975354"));
  }

  @Test
  void nonCsvLunsGrantParallelPinsAndNeverRedirect() throws Exception {
    Rig rig = new Rig("scenario.mode = non-csv");
    rig.prepareAt(10, 1, 0);
    rig.prepareAt(20, 2, 0);
    List<Received<HyperVNode.Command>> owner = rig.messages(0);
    assertEquals(2, only(owner, BackupPrepared.class).size());
    assertTrue(only(owner, CsvStateChanged.class).isEmpty());
    assertTrue(rig.messages(1).isEmpty());
  }
}

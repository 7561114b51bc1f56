package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.internal.model.CsvVolume.Access;
import io.csvsim.internal.model.HyperVNode.BackupPrepared;
import io.csvsim.internal.model.HyperVNode.BackupRefused;
import io.csvsim.internal.model.HyperVNode.CsvStateChanged;
import io.csvsim.internal.model.Recorder.Received;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
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

  /** One volume (coordinated by node 0) and three recorder nodes, on a ClockRig. */
  private static final class Rig {
    final Scenario scenario;
    final ClockRig rig = new ClockRig(testKit, Scenario.DAY);
    final List<ClockRig.Stand<HyperVNode.Command>> stands = new ArrayList<>();
    final ActorRef<CsvVolume.Command> volume;
    private boolean ran;

    Rig(String... settings) {
      scenario = TestScenarios.explicit(3, 1, 1, settings);
      List<ActorRef<HyperVNode.Command>> nodes = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        ClockRig.Stand<HyperVNode.Command> stand = rig.stand();
        stands.add(stand);
        nodes.add(stand.ref);
      }
      volume = testKit.spawn(CsvVolume.create(scenario, 0, nodes, rig.clock));
    }

    void prepareAt(long at, long job, int node) {
      rig.at(at, volume, new CsvVolume.PrepareForBackup(job, node, stands.get(node).ref));
    }

    void clearAt(long at, long job) {
      rig.at(at, volume, new CsvVolume.ClearBackupState(job));
    }

    /** Everything node {@code node} received; runs the clock to its end the first time. */
    List<Received<HyperVNode.Command>> messages(int node) throws InterruptedException {
      if (!ran) {
        ran = true;
        rig.run();
      }
      return stands.get(node).all();
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

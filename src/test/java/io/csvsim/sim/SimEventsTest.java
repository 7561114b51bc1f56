package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.AccessPeriod;
import io.csvsim.result.SimulationResult.CsvResult;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An embedder watches a run as it goes: the events tell the same story as the result, which watching leaves unchanged. */
@ExtendWith(LogCapturingExtension.class)
class SimEventsTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  record Watched(SimulationResult result, List<SimEvent> events) {}

  static Watched watch(Scenario scenario) {
    TestProbe<SimulationResult> result = testKit.createTestProbe(SimulationResult.class);
    TestProbe<SimEvent> events = testKit.createTestProbe(SimEvent.class);
    ActorRef<ClusterSimulation.Command> sim = testKit.spawn(ClusterSimulation.create(scenario, SimulationSettings.virtual()));
    sim.tell(new ClusterSimulation.Subscribe(events.ref()));
    sim.tell(new ClusterSimulation.Start(result.ref()));
    SimulationResult r = result.receiveMessage(Duration.ofMinutes(3));
    List<SimEvent> seen = new ArrayList<>();
    SimEvent last;
    do {
      last = events.receiveMessage(Duration.ofSeconds(30));
      seen.add(last);
    } while (!(last instanceof SimEvent.RunEnded));
    assertEquals(r.simulatedSeconds(), last.at(), 1e-9);
    return new Watched(r, seen);
  }

  private static Scenario scenario(String file) {
    return ScenarioLoader.withReference().load(Path.of("conf/scenarios", file), List.of(), null);
  }

  @Test
  void theSeedsEventsTellEachJobsLifeAndEachRedirectInTimeOrder() throws Exception {
    Scenario seed = scenario("seed-two-node.conf");
    Watched watched = watch(seed);
    SimulationResult r = watched.result();
    assertEquals(DeterminismTest.summary(Simulations.run(testKit, seed)), DeterminismTest.summary(r), "watching changed the run");

    double last = 0;
    for (SimEvent e : watched.events()) {
      assertTrue(e.at() >= last, e + " came after an event at " + last);
      last = e.at();
    }
    Map<Long, List<SimEvent>> byJob = watched.events().stream().filter(e -> e instanceof SimEvent.JobEvent)
        .collect(Collectors.groupingBy(e -> ((SimEvent.JobEvent) e).jobId()));
    assertEquals(r.jobs().size(), byJob.size());
    for (JobResult j : r.jobs()) {
      List<SimEvent> life = byJob.get(j.id());
      SimEvent.JobQueued queued = (SimEvent.JobQueued) life.get(0);
      assertEquals(j.queuedAt(), queued.at(), 1e-9);
      assertEquals(j.kind(), queued.kind());
      SimEvent.JobPinned pinned = (SimEvent.JobPinned) life.get(2);
      assertEquals(j.preparedAt(), pinned.at(), 1e-9);
      assertEquals(j.ownershipMoveSeconds(), pinned.ownershipMoveSeconds(), 1e-9);
      SimEvent.SnapshotTaken snapshot = (SimEvent.SnapshotTaken) life.get(3);
      assertEquals(j.bytes(), snapshot.bytes());
      SimEvent.JobEnded ended = (SimEvent.JobEnded) life.get(4);
      assertEquals(j.outcome(), ended.outcome());
      assertEquals(j.endedAt(), ended.at(), 1e-9);
      assertEquals(j.vm(), ended.vm());
      assertEquals(j.csv(), ended.csv());
    }

    // The access changes, replayed, give the result's periods.
    CsvResult csv = r.csvs().get(0);
    List<SimEvent.CsvAccessChanged> changes = watched.events().stream()
        .filter(e -> e instanceof SimEvent.CsvAccessChanged c && c.csv().equals(csv.name()))
        .map(SimEvent.CsvAccessChanged.class::cast).toList();
    assertFalse(changes.isEmpty());
    List<AccessPeriod> periods = csv.accessPeriods();
    Map<Double, SimEvent.CsvAccessChanged> lastAtEachInstant = new java.util.HashMap<>();
    for (SimEvent.CsvAccessChanged change : changes) lastAtEachInstant.put(change.at(), change);
    for (AccessPeriod period : periods.subList(1, periods.size())) {
      SimEvent.CsvAccessChanged change = lastAtEachInstant.get(period.from());
      assertEquals(period.access(), change.access(), "at " + period.from());
      assertEquals(period.coordinator(), change.coordinator(), "at " + period.from());
    }
  }

  @Test
  void aCrashedNodesFaultAndItsFollowUpsArriveAsTheResultListsThem() {
    Watched watched = watch(scenario("node-crash.conf"));
    List<SimEvent.Fault> faults = watched.events().stream().filter(SimEvent.Fault.class::isInstance).map(SimEvent.Fault.class::cast).toList();
    assertTrue(faults.size() >= 2, "the crash and its detection: " + faults);
    List<String> fromEvents = faults.stream().map(f -> f.kind() + " " + f.target() + " " + f.what()).sorted().toList();
    List<String> fromResult = watched.result().faults().stream().map(f -> f.kind() + " " + f.target() + " " + f.what()).sorted().toList();
    assertEquals(fromResult, fromEvents);
  }
}

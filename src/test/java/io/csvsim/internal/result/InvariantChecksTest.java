package io.csvsim.internal.result;

import io.csvsim.result.SimulationResult;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.internal.model.CsvVolume.Ownership;
import io.csvsim.internal.model.HyperVNode.Coordination;
import io.csvsim.internal.model.JobRecord;
import io.csvsim.internal.model.JobRecord.Kind;
import io.csvsim.internal.model.JobRecord.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariant checks catch what they are meant to catch, on hand-made histories. */
class InvariantChecksTest {
  static final long S = 1_000_000;

  @Test
  void redirectedIoServedOutsideTheVolumesCoordinatorPeriodsIsCaughtAtItsFirstEvent() {
    // The volume: node 0 coordinates until 100 s, node 1 from then on.
    List<List<Ownership>> owners = List.of(List.of(new Ownership(0, 0), new Ownership(100 * S, 1)));
    List<Coordination> node0 = List.of(new Coordination(0, 0, 100 * S, 50, 10 * S, 90 * S));
    List<Coordination> node1 = List.of(new Coordination(0, 100 * S, 200 * S, 50, 101 * S, 190 * S));
    assertNull(InvariantChecks.firstServedByNonCoordinator(List.of(0, 1), List.of(node0, node1), owners), "a clean history");

    // node 0 went on serving after the volume moved to node 1; node 1 served once before it was made coordinator.
    List<Coordination> late = List.of(new Coordination(0, 0, 130 * S, 80, 10 * S, 125 * S));
    List<Coordination> early = List.of(new Coordination(0, 95 * S, 200 * S, 50, 99 * S, 190 * S));
    InvariantChecks.ServedElsewhere first = InvariantChecks.firstServedByNonCoordinator(List.of(0, 1), List.of(late, early), owners);
    assertEquals(new InvariantChecks.ServedElsewhere(99 * S, 1, 0, 0), first, "the earliest violating service is named");

    List<Coordination> idle = List.of(new Coordination(0, 0, 130 * S, 0, -1, -1));
    assertNull(InvariantChecks.firstServedByNonCoordinator(List.of(0, 1), List.of(idle, node1), owners),
        "believing it coordinates is no violation without serving");
  }

  @Test
  void overlappingSpansAreFoundAndTouchingOnesAreNot() {
    List<long[]> touching = new ArrayList<>(List.of(new long[] {0, 10 * S, 1}, new long[] {10 * S, 20 * S, 2}));
    assertNull(InvariantChecks.overlap(touching));
    List<long[]> nested = new ArrayList<>(List.of(new long[] {0, 30 * S, 1}, new long[] {10 * S, 20 * S, 2}, new long[] {25 * S, 40 * S, 3}));
    String found = InvariantChecks.overlap(nested);
    assertNotNull(found);
    assertTrue(found.startsWith("#1 [0.0s, 30.0s) and #2"), found);
  }

  @Test
  void ioConservationFailsWhenAnOpIsUnaccountedFor() {
    InvariantChecks ok = new InvariantChecks();
    ok.ioConservation(List.of("vm-a", "vm-b"), new long[] {10, 5}, new long[] {7, 5}, new long[] {1, 0}, new long[] {2, 0});
    assertEquals(Map.of("io-conservation", true), ok.results());
    assertEquals(List.of(), ok.violations());

    InvariantChecks lost = new InvariantChecks();
    lost.ioConservation(List.of("vm-a", "vm-b"), new long[] {10, 5}, new long[] {7, 4}, new long[] {1, 0}, new long[] {2, 0});
    assertEquals(Map.of("io-conservation", false), lost.results());
    assertEquals(List.of("io-conservation: vm-b issued 5 ops but 4 completed, 0 failed and 0 were in flight at the end"), lost.violations());
  }

  @Test
  void jobsTerminalFailsOnAJobLeftRunningAndNamesIt() {
    InvariantChecks checks = new InvariantChecks();
    checks.jobsTerminal(List.of(job(1, Outcome.SUCCEEDED, 100), job(2, Outcome.CANCELLED, 0), job(3, Outcome.FAILED, 0)));
    assertTrue(checks.results().get("jobs-terminal"));

    InvariantChecks broken = new InvariantChecks();
    broken.jobsTerminal(List.of(job(1, Outcome.SUCCEEDED, 100), job(2, Outcome.RUNNING, 0), job(3, Outcome.QUEUED, 0)));
    assertFalse(broken.results().get("jobs-terminal"));
    assertEquals(List.of("jobs-terminal: job #2 ended the run running, neither succeeded, failed nor cancelled"), broken.violations());
  }

  @Test
  void dpmBytesReceivedFailsWhenDpmGotOtherThanTheSuccessfulJobsSent() {
    List<JobRecord> jobs = List.of(job(1, Outcome.SUCCEEDED, 100), job(2, Outcome.FAILED, 40), job(3, Outcome.SUCCEEDED, 60));
    InvariantChecks ok = new InvariantChecks();
    ok.dpmBytesReceived(jobs, 160);
    assertTrue(ok.results().get("dpm-bytes-received"), "a failed job's bytes are not received");

    InvariantChecks broken = new InvariantChecks();
    broken.dpmBytesReceived(jobs, 200);
    assertFalse(broken.results().get("dpm-bytes-received"));
    assertEquals(List.of("dpm-bytes-received: DPM received 200 bytes, successful jobs sent 160"), broken.violations());
  }

  private static JobRecord job(long id, Outcome outcome, long bytes) {
    return new JobRecord(id, 0, 0, 0, 1, Kind.EXPRESS_FULL, 0, 1, 2, 3, 10 * S, 0, 0, bytes, outcome, "", Map.of());
  }
}

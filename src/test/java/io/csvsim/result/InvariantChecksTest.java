package io.csvsim.result;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.model.CsvVolume.Ownership;
import io.csvsim.model.HyperVNode.Coordination;
import java.util.ArrayList;
import java.util.List;
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
    assertNull(ResultAssembler.firstServedByNonCoordinator(List.of(0, 1), List.of(node0, node1), owners), "a clean history");

    // node 0 went on serving after the volume moved to node 1; node 1 served once before it was made coordinator.
    List<Coordination> late = List.of(new Coordination(0, 0, 130 * S, 80, 10 * S, 125 * S));
    List<Coordination> early = List.of(new Coordination(0, 95 * S, 200 * S, 50, 99 * S, 190 * S));
    ResultAssembler.ServedElsewhere first = ResultAssembler.firstServedByNonCoordinator(List.of(0, 1), List.of(late, early), owners);
    assertEquals(new ResultAssembler.ServedElsewhere(99 * S, 1, 0, 0), first, "the earliest violating service is named");

    List<Coordination> idle = List.of(new Coordination(0, 0, 130 * S, 0, -1, -1));
    assertNull(ResultAssembler.firstServedByNonCoordinator(List.of(0, 1), List.of(idle, node1), owners),
        "believing it coordinates is no violation without serving");
  }

  @Test
  void overlappingSpansAreFoundAndTouchingOnesAreNot() {
    List<long[]> touching = new ArrayList<>(List.of(new long[] {0, 10 * S, 1}, new long[] {10 * S, 20 * S, 2}));
    assertNull(ResultAssembler.overlap(touching));
    List<long[]> nested = new ArrayList<>(List.of(new long[] {0, 30 * S, 1}, new long[] {10 * S, 20 * S, 2}, new long[] {25 * S, 40 * S, 3}));
    String found = ResultAssembler.overlap(nested);
    assertNotNull(found);
    assertTrue(found.startsWith("#1 [0.0s, 30.0s) and #2"), found);
  }
}

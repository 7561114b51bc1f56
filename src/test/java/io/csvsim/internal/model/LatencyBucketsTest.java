package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  @Test
  void eachVmGetsItsOwnPercentilesPerBucketAndTheNodeTheirSum() {
    LatencyBuckets l = new LatencyBuckets(4, 2);
    for (int i = 1; i <= 100; i++) l.record(0, 0, 0, false, i * 100L); // 100 µs .. 10 ms
    l.record(0, 0, 1, true, 50_000);
    l.record(2, 0, 0, false, 7_000); // completes two buckets ahead, known now
    l.record(1, 1, 0, false, 3_000); // the node's time moved on: bucket 0 closes
    l.closeAll();

    assertEquals(100, l.vmCount(0, false, 0));
    assertEquals(5_000, l.vmP50Micros(0, false, 0), 5_000 * 0.0625, "within 6%");
    assertEquals(9_900, l.vmP99Micros(0, false, 0), 1_000);
    assertEquals(0, l.vmCount(0, true, 0));
    assertEquals(1, l.vmCount(1, true, 0));
    assertEquals(50_000, l.vmP99Micros(1, true, 0), 5_000);
    assertEquals(1, l.vmCount(0, false, 1));
    assertEquals(1, l.vmCount(0, false, 2), "an op known ahead lands in its own bucket");
    assertEquals(7_000, l.vmP50Micros(0, false, 2), 700);
    assertEquals(0, l.vmCount(0, false, 3));

    assertEquals(100, l.all(false, 0).totalCount());
    assertEquals(1, l.all(true, 0).totalCount());
    assertNull(l.all(true, 1));
    assertNull(l.all(false, 3));
  }

  @Test
  void aBucketOnceClosedTakesNoMoreOps() {
    LatencyBuckets l = new LatencyBuckets(4, 1);
    l.record(1, 1, 0, false, 100);
    assertThrows(IllegalStateException.class, () -> l.record(0, 1, 0, false, 100));
  }
}

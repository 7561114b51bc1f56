package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyBinsTest {

  @Test
  void everyValueFallsInABinWithin6PercentOfIt() {
    SplittableRandom random = new SplittableRandom(3);
    for (int k = 0; k < 100_000; k++) {
      long v = 1 + (long) Math.exp(random.nextDouble() * Math.log(3.6e9)); // 1 µs to an hour, log-uniform
      double represented = LatencyBins.value(LatencyBins.index(v));
      assertEquals(v, represented, v / 16.0 + 0.5, "value " + v);
    }
    for (long v = 1; v < 4096; v++) assertTrue(LatencyBins.index(v) <= LatencyBins.index(v + 1), "bins grow with the value");
  }

  @Test
  void percentilesAndSumsComeOutOfTheBins() {
    LatencyBins a = new LatencyBins();
    LatencyBins b = new LatencyBins();
    for (int i = 1; i <= 99; i++) a.record(1_000);
    a.record(50_000);
    for (int i = 1; i <= 100; i++) b.record(4_000);
    assertEquals(1_000, a.valueAtPercentile(50), 1_000 / 16.0);
    assertEquals(1_000, a.valueAtPercentile(99), 1_000 / 16.0, "99 of 100 ops at 1 ms");
    assertEquals(50_000, a.valueAtPercentile(100), 50_000 / 16.0);
    a.add(b);
    assertEquals(200, a.totalCount());
    assertEquals(4_000, a.valueAtPercentile(99), 4_000 / 16.0);
    a.reset();
    assertEquals(0, a.totalCount());
    assertEquals(0, a.valueAtPercentile(50));
  }
}

package io.csvsim.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OpBufferTest {

  /** The reference: a stable sort of the indexes by arrival. */
  static int[] reference(OpBuffer ops) {
    return IntStream.range(0, ops.size).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> ops.arrival[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
  }

  @Test
  void ordersByArrivalThenInsertionForSpreadClusteredAndTiedArrivals() {
    SplittableRandom random = new SplittableRandom(5);
    OpBuffer ops = new OpBuffer();
    int[] reuse = new int[0];
    for (int round = 0; round < 50; round++) {
      ops.clear();
      int n = 1 + random.nextInt(5000);
      for (int i = 0; i < n; i++) {
        double arrival = switch (random.nextInt(4)) {
          case 0 -> 1_000_000 + random.nextInt(1_000_000);      // spread over a tick
          case 1 -> 1_500_000 + random.nextInt(50);             // a crowded cluster
          case 2 -> 1_700_000;                                  // exact ties
          default -> 1_000_000 + random.nextInt(1_000_000) + 0.5;
        };
        ops.add(random.nextInt(100), arrival);
      }
      if (round % 10 == 0) ops.add(0, 90_000_000); // one far outlier
      reuse = ops.order(reuse);
      assertArrayEquals(reference(ops), Arrays.copyOf(reuse, ops.size), "round " + round);
    }
  }
}

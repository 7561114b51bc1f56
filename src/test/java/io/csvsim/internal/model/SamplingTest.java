package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SamplingTest {

  @Test
  void namesWithTheSameHashCodeGetTheirOwnStreams() {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    assertNotEquals(Sampling.random(1, "Aa").nextLong(), Sampling.random(1, "BB").nextLong());
  }

  @Test
  void theSameSeedAndNameGiveTheSameStreamAndAnotherSeedAnother() {
    assertEquals(Sampling.random(7, "node-a").nextLong(), Sampling.random(7, "node-a").nextLong());
    assertNotEquals(Sampling.random(7, "node-a").nextLong(), Sampling.random(8, "node-a").nextLong());
  }
}

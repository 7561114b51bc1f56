package io.csvsim.model;

import java.util.SplittableRandom;

/** Seeded draws; every model actor owns one generator derived from the scenario seed and its name. */
public final class Sampling {
  private Sampling() {}

  public static SplittableRandom random(long seed, String entityName) {
    long h = seed * 0x9E3779B97F4A7C15L + entityName.hashCode();
    h ^= (h >>> 33);
    h *= 0xff51afd7ed558ccdL;
    h ^= (h >>> 33);
    return new SplittableRandom(h);
  }

  public static double exponential(SplittableRandom random, double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }
}

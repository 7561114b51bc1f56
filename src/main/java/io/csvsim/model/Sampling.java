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

  /** Poisson(mean): exact (Knuth) below 30, normal approximation above. */
  public static int poisson(SplittableRandom random, double mean) {
    if (mean <= 0) return 0;
    if (mean < 30) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      int k = 0;
      while (product > limit) {
        k++;
        product *= random.nextDouble();
      }
      return k;
    }
    double n = mean + Math.sqrt(mean) * gaussian(random);
    return (int) Math.max(0, Math.round(n));
  }

  public static double exponential(SplittableRandom random, double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

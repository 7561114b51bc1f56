package io.csvsim.internal.model;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Seeded draws; every model actor owns one generator derived from the scenario seed and its name. */
public final class Sampling {
  private Sampling() {}

  /**
   * The generator of the entity called {@code entityName}: seeded from the scenario seed and a
   * 64-bit hash of the name (FNV-1a over its UTF-8 bytes), so two names never share a stream by
   * a 32-bit {@code hashCode} collision ("Aa" and "BB" have the same one).
   */
  public static SplittableRandom random(long seed, String entityName) {
    long h = 0xcbf29ce484222325L; // FNV-1a's offset basis
    for (byte b : entityName.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L; // FNV-1a's prime
    }
    return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L ^ h));
  }

  /** MurmurHash3's finaliser: every input bit moves every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  public static double exponential(SplittableRandom random, double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble()); // StrictMath: the same draw on every CPU and JDK
  }
}

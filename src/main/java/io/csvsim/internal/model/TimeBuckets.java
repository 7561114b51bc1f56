package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;

/** Fixed-width time buckets over the run, for the statistics the report draws over time. */
public final class TimeBuckets {
  private final long width;
  private final double perMicro;
  private final int count;

  public TimeBuckets(Scenario scenario) {
    this.width = scenario.bucket();
    this.perMicro = 1.0 / width;
    this.count = scenario.bucketCount();
  }

  public int count() {
    return count;
  }

  /** The bucket of a time; times past the end fall into the last one. */
  int of(double time) {
    // a multiply, not a division: this runs once per op
    int bucket = (int) (time * perMicro);
    return bucket < 0 ? 0 : Math.min(count - 1, bucket);
  }

  /** Adds {@code amount}, spread evenly over [from, to), to the buckets it covers (clipped to the run). */
  void spread(double[] into, double from, double to, double amount) {
    if (!(to > from)) {
      into[of(from)] += amount;
      return;
    }
    double rate = amount / (to - from);
    double end = Math.min(to, (double) width * count);
    for (double t = from; t < end; ) {
      int b = of(t);
      double bucketEnd = Math.min(end, (double) (b + 1) * width);
      into[b] += rate * (bucketEnd - t);
      t = bucketEnd;
    }
  }
}

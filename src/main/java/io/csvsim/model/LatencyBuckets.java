package io.csvsim.model;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Latencies per report bucket, direct and redirected, for all of a node's VMs together. Compact
 * histograms (1 significant digit, 10 µs to 100 s) allocated only for buckets that get ops.
 */
public final class LatencyBuckets {
  private static final long LOWEST = 10;
  private static final long HIGHEST = 100_000_000;

  private final AbstractHistogram[] direct;
  private final AbstractHistogram[] redirected;

  LatencyBuckets(int buckets) {
    direct = new AbstractHistogram[buckets];
    redirected = new AbstractHistogram[buckets];
  }

  void record(int bucket, boolean viaCoordinator, long micros) {
    AbstractHistogram[] path = viaCoordinator ? redirected : direct;
    if (path[bucket] == null) path[bucket] = new IntCountsHistogram(LOWEST, HIGHEST, 1);
    path[bucket].recordValue(Math.max(LOWEST, Math.min(micros, HIGHEST)));
  }

  public AbstractHistogram direct(int bucket) {
    return direct[bucket];
  }

  public AbstractHistogram redirected(int bucket) {
    return redirected[bucket];
  }

  public int buckets() {
    return direct.length;
  }
}

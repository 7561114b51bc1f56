package io.csvsim.internal.model;

/**
 * A compact latency histogram for percentiles over time: 8 log-linear bins per power of two of
 * microseconds (each within 6% of the values it holds), 1 µs to 19 hours, in 1 KiB. Recording is a
 * shift and an increment, so a node can keep one per VM and report bucket beside the run-long
 * HdrHistograms without a second costly record per op.
 */
public final class LatencyBins {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BINS = SUB + (36 - SUB_BITS) * SUB; // up to 2^36 µs

  private final int[] counts = new int[BINS];
  private long total;

  static int index(long micros) {
    long v = Math.max(1, Math.min(micros, (1L << 36) - 1));
    if (v < SUB) return (int) v;
    int msb = 63 - Long.numberOfLeadingZeros(v);
    return SUB + (msb - SUB_BITS) * SUB + (int) ((v >>> (msb - SUB_BITS)) & (SUB - 1));
  }

  /** The middle of a bin's values. */
  static double value(int index) {
    if (index < SUB) return index;
    int msb = (index - SUB) / SUB + SUB_BITS;
    long lower = (long) (SUB + (index - SUB) % SUB) << (msb - SUB_BITS);
    return lower + (1L << (msb - SUB_BITS)) / 2.0;
  }

  void record(long micros) {
    counts[index(micros)]++;
    total++;
  }

  public void add(LatencyBins other) {
    for (int i = 0; i < BINS; i++) counts[i] += other.counts[i];
    total += other.total;
  }

  void reset() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
  }

  public long totalCount() {
    return total;
  }

  /** The value at a percentile (0-100), µs; 0 without values. */
  public double valueAtPercentile(double percentile) {
    if (total == 0) return 0;
    long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < BINS; i++) {
      seen += counts[i];
      if (seen >= rank) return value(i);
    }
    return value(BINS - 1);
  }
}

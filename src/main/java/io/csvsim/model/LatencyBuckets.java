package io.csvsim.model;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * A node's op latencies per report bucket, direct and redirected: per VM (count, p50, p99) and for
 * all its VMs together (a histogram). Each VM's ops of the open bucket go to one compact histogram
 * (1 significant digit, 10 µs to 100 s); once no completion of the bucket can still reach the node
 * (a node hears of an op at most {@link IoTiming#completionLag()} after it completed), its
 * percentiles are kept and the histogram is folded into the all-VM one and reused. Completions
 * already known for later buckets wait in a small per-VM map.
 */
public final class LatencyBuckets {
  private static final long LOWEST = 10;
  private static final long HIGHEST = 100_000_000;
  private static final int PATHS = 2;

  private final int buckets;
  private final AbstractHistogram[][] all; // [path][bucket], null until a bucket has ops
  private final AbstractHistogram[][] open; // [path][vm]: the open bucket's ops
  private final Map<Integer, AbstractHistogram>[][] ahead; // [path][vm]: ops completing in later buckets
  private final int[][][] count; // [path][vm][bucket], null until the VM has ops on the path
  private final float[][][] p50Micros;
  private final float[][][] p99Micros;
  private int openBucket;

  @SuppressWarnings("unchecked")
  LatencyBuckets(int buckets, int vms) {
    this.buckets = buckets;
    all = new AbstractHistogram[PATHS][buckets];
    open = new AbstractHistogram[PATHS][vms];
    ahead = new Map[PATHS][vms];
    count = new int[PATHS][vms][];
    p50Micros = new float[PATHS][vms][];
    p99Micros = new float[PATHS][vms][];
  }

  private static AbstractHistogram histogram() {
    return new IntCountsHistogram(LOWEST, HIGHEST, 1);
  }

  private static int path(boolean redirected) {
    return redirected ? 1 : 0;
  }

  /** Records an op that completes in {@code bucket}; buckets before {@code closable} can take no more ops. */
  void record(int bucket, int closable, int vm, boolean redirected, long micros) {
    if (closable > openBucket) closeUpTo(closable);
    if (bucket < openBucket) throw new IllegalStateException("op of closed bucket " + bucket + " recorded in bucket " + openBucket);
    int p = path(redirected);
    AbstractHistogram h;
    if (bucket == openBucket) {
      h = open[p][vm];
      if (h == null) h = open[p][vm] = histogram();
    } else {
      if (ahead[p][vm] == null) ahead[p][vm] = new HashMap<>(4);
      h = ahead[p][vm].computeIfAbsent(bucket, b -> histogram());
    }
    h.recordValue(Math.max(LOWEST, Math.min(micros, HIGHEST)));
  }

  /** Closes every bucket before {@code to}; {@code to} becomes the open bucket. */
  private void closeUpTo(int to) {
    for (int b = openBucket; b < to; b++) {
      for (int p = 0; p < PATHS; p++) {
        for (int vm = 0; vm < open[p].length; vm++) {
          AbstractHistogram h = open[p][vm];
          if (h != null && h.getTotalCount() > 0) {
            close(p, vm, b, h);
            h.reset();
          }
          Map<Integer, AbstractHistogram> later = ahead[p][vm];
          AbstractHistogram next = later == null || later.isEmpty() ? null : later.remove(b + 1);
          if (next != null) open[p][vm] = next; // the next bucket's ops, known early
        }
      }
    }
    openBucket = to;
  }

  private void close(int p, int vm, int bucket, AbstractHistogram h) {
    if (count[p][vm] == null) {
      count[p][vm] = new int[buckets];
      p50Micros[p][vm] = new float[buckets];
      p99Micros[p][vm] = new float[buckets];
    }
    count[p][vm][bucket] = (int) h.getTotalCount();
    p50Micros[p][vm][bucket] = h.getValueAtPercentile(50);
    p99Micros[p][vm][bucket] = h.getValueAtPercentile(99);
    if (all[p][bucket] == null) all[p][bucket] = histogram();
    all[p][bucket].add(h);
  }

  /** Closes every bucket: the run is over. */
  void closeAll() {
    if (openBucket < buckets) closeUpTo(buckets);
  }

  /** A VM's ops on a path in a bucket, on this node (0 when none). */
  public int vmCount(int vm, boolean redirected, int bucket) {
    int[] c = count[path(redirected)][vm];
    return c == null ? 0 : c[bucket];
  }

  /** A VM's median latency on a path in a bucket, µs; meaningful only where {@link #vmCount} > 0. */
  public double vmP50Micros(int vm, boolean redirected, int bucket) {
    return p50Micros[path(redirected)][vm][bucket];
  }

  public double vmP99Micros(int vm, boolean redirected, int bucket) {
    return p99Micros[path(redirected)][vm][bucket];
  }

  /** All of the node's VMs' ops on a path in a bucket; null when none. */
  public AbstractHistogram all(boolean redirected, int bucket) {
    return all[path(redirected)][bucket];
  }

  public int buckets() {
    return buckets;
  }
}

package io.csvsim.internal.model;

import java.util.HashMap;
import java.util.Map;

/**
 * A node's op latencies per report bucket, direct and redirected: per VM (count, p50, p99) and for
 * all its VMs together (a histogram). Each VM's ops of the open bucket go to compact bins
 * ({@link LatencyBins}, within 6%); once no completion of the bucket can still reach the node
 * (a node hears of an op at most {@link IoTiming#completionLag()} after it completed), its
 * percentiles are kept and the bins are folded into the all-VM ones and reused. A report's ops
 * often complete in the bucket after the open one, which has bins of its own; ops known for
 * buckets later still wait in a small per-VM map.
 */
public final class LatencyBuckets {
  private static final int PATHS = 2;

  private final int buckets;
  private final LatencyBins[][] all; // [path][bucket], null until a bucket has ops
  private final LatencyBins[][] open; // [path][vm]: the open bucket's ops
  private final LatencyBins[][] next; // [path][vm]: the bucket after it, where a report's ops often land
  private final Map<Integer, LatencyBins>[][] ahead; // [path][vm]: ops completing in buckets later still
  private final int[][][] count; // [path][vm][bucket], null until the VM has ops on the path
  private final float[][][] p50Micros;
  private final float[][][] p99Micros;
  private int openBucket;

  @SuppressWarnings("unchecked")
  LatencyBuckets(int buckets, int vms) {
    this.buckets = buckets;
    all = new LatencyBins[PATHS][buckets];
    open = new LatencyBins[PATHS][vms];
    next = new LatencyBins[PATHS][vms];
    ahead = new Map[PATHS][vms];
    count = new int[PATHS][vms][];
    p50Micros = new float[PATHS][vms][];
    p99Micros = new float[PATHS][vms][];
  }

  private static int path(boolean redirected) {
    return redirected ? 1 : 0;
  }

  /** Records an op that completes in {@code bucket}; buckets before {@code closable} can take no more ops. */
  void record(int bucket, int closable, int vm, boolean redirected, long micros) {
    if (closable > openBucket) closeUpTo(closable);
    int p = path(redirected);
    LatencyBins h;
    if (bucket == openBucket) {
      h = open[p][vm];
      if (h == null) h = open[p][vm] = new LatencyBins();
    } else if (bucket == openBucket + 1) {
      h = next[p][vm];
      if (h == null) h = next[p][vm] = new LatencyBins();
    } else if (bucket > openBucket) {
      if (ahead[p][vm] == null) ahead[p][vm] = new HashMap<>(4);
      h = ahead[p][vm].computeIfAbsent(bucket, b -> new LatencyBins());
    } else {
      throw new IllegalStateException("op of closed bucket " + bucket + " recorded in bucket " + openBucket);
    }
    h.record(micros);
  }

  /** Closes every bucket before {@code to}; {@code to} becomes the open bucket. */
  private void closeUpTo(int to) {
    for (int b = openBucket; b < to; b++) {
      for (int p = 0; p < PATHS; p++) {
        for (int vm = 0; vm < open[p].length; vm++) {
          LatencyBins h = open[p][vm];
          if (h != null && h.totalCount() > 0) {
            close(p, vm, b, h);
            h.reset();
          }
          // The next bucket's bins become the open ones; the emptied ones wait for the bucket after.
          open[p][vm] = next[p][vm];
          next[p][vm] = h;
          Map<Integer, LatencyBins> later = ahead[p][vm];
          LatencyBins known = later == null || later.isEmpty() ? null : later.remove(b + 2);
          if (known != null) {
            if (next[p][vm] != null) next[p][vm].add(known);
            else next[p][vm] = known;
          }
        }
      }
    }
    openBucket = to;
  }

  private void close(int p, int vm, int bucket, LatencyBins h) {
    if (count[p][vm] == null) {
      count[p][vm] = new int[buckets];
      p50Micros[p][vm] = new float[buckets];
      p99Micros[p][vm] = new float[buckets];
    }
    count[p][vm][bucket] = (int) h.totalCount();
    p50Micros[p][vm][bucket] = (float) h.valueAtPercentile(50);
    p99Micros[p][vm][bucket] = (float) h.valueAtPercentile(99);
    if (all[p][bucket] == null) all[p][bucket] = new LatencyBins();
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
  public LatencyBins all(boolean redirected, int bucket) {
    return all[path(redirected)][bucket];
  }

  public int buckets() {
    return buckets;
  }
}

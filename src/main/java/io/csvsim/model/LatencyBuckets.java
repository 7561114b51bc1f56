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
  // Per VM, redirected ops only: count, latency sum and maximum per bucket; null until needed.
  private final int[][] vmCount;
  private final double[][] vmSumMicros;
  private final long[][] vmMaxMicros;

  LatencyBuckets(int buckets, int vms) {
    direct = new AbstractHistogram[buckets];
    redirected = new AbstractHistogram[buckets];
    vmCount = new int[vms][];
    vmSumMicros = new double[vms][];
    vmMaxMicros = new long[vms][];
  }

  void record(int bucket, int vm, boolean viaCoordinator, long micros) {
    AbstractHistogram[] path = viaCoordinator ? redirected : direct;
    if (path[bucket] == null) path[bucket] = new IntCountsHistogram(LOWEST, HIGHEST, 1);
    path[bucket].recordValue(Math.max(LOWEST, Math.min(micros, HIGHEST)));
    if (viaCoordinator) {
      if (vmCount[vm] == null) {
        vmCount[vm] = new int[direct.length];
        vmSumMicros[vm] = new double[direct.length];
        vmMaxMicros[vm] = new long[direct.length];
      }
      vmCount[vm][bucket]++;
      vmSumMicros[vm][bucket] += micros;
      vmMaxMicros[vm][bucket] = Math.max(vmMaxMicros[vm][bucket], micros);
    }
  }

  /** Redirected ops of a VM in a bucket (0 when it had none on this node). */
  public int vmRedirectedCount(int vm, int bucket) {
    return vmCount[vm] == null ? 0 : vmCount[vm][bucket];
  }

  public double vmRedirectedSumMicros(int vm, int bucket) {
    return vmSumMicros[vm] == null ? 0 : vmSumMicros[vm][bucket];
  }

  public long vmRedirectedMaxMicros(int vm, int bucket) {
    return vmMaxMicros[vm] == null ? 0 : vmMaxMicros[vm][bucket];
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

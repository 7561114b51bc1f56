package io.csvsim.internal.model;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One VM's op latencies on one path (direct or redirected), in microseconds, and what they were
 * made of. Each op is recorded once, in the histogram of its dominant cause (the part of its
 * latency that was largest), so the whole distribution, the distribution without held ops and the
 * cause that dominates the tail all come from the same records. Means of each part are kept too.
 */
public final class PathLatency {
  private static final long HIGHEST = 3_600_000_000L;
  private static final LatencyCause[] CAUSES = LatencyCause.values();

  private final Histogram[] byCause = new Histogram[CAUSES.length]; // null until a cause dominates an op
  public long count;
  public double sumMicros;
  private double heldMicros;
  private double networkMicros;
  private double nicMicros;
  private double arrayMicros;
  private final long[] heldOps = new long[CAUSES.length];

  /**
   * An op's latency and its parts: held at its node ({@code heldBy} says why, null if not held), in
   * the coordinator's NIC, at the array; the rest is the network's hops.
   */
  void record(long latency, long held, LatencyCause heldBy, double nic, double array) {
    long value = Math.max(1, Math.min(latency, HIGHEST));
    double network = Math.max(0, latency - held - nic - array);
    LatencyCause dominant = LatencyCause.ARRAY;
    double largest = array;
    if (nic > largest) {
      dominant = LatencyCause.COORDINATOR_NIC;
      largest = nic;
    }
    if (network > largest) {
      dominant = LatencyCause.NETWORK;
      largest = network;
    }
    if (heldBy != null) {
      heldOps[heldBy.ordinal()]++;
      if (held > largest) dominant = heldBy;
    }
    Histogram h = byCause[dominant.ordinal()];
    if (h == null) h = byCause[dominant.ordinal()] = new Histogram(HIGHEST, 2);
    h.recordValue(value);
    count++;
    sumMicros += latency;
    heldMicros += held;
    networkMicros += network;
    nicMicros += nic;
    arrayMicros += array;
  }

  /** Every op's latency. */
  public Histogram all() {
    return merged(false);
  }

  /** The latency of ops whose largest part was not a hold at their node. */
  public Histogram notHeld() {
    return merged(true);
  }

  private Histogram merged(boolean withoutHeld) {
    Histogram all = new Histogram(HIGHEST, 2);
    for (LatencyCause c : CAUSES) if (byCause[c.ordinal()] != null && !(withoutHeld && c.held())) all.add(byCause[c.ordinal()]);
    return all;
  }

  /** The cause that dominated most of the ops at or above {@code valueMicros} (the tail), or null if none. */
  public LatencyCause tailCause(long valueMicros) {
    LatencyCause worst = null;
    long most = 0;
    for (LatencyCause c : CAUSES) {
      Histogram h = byCause[c.ordinal()];
      if (h == null || h.getMaxValue() < valueMicros) continue;
      long n = h.getCountBetweenValues(h.lowestEquivalentValue(valueMicros), h.getMaxValue());
      if (n > most) {
        most = n;
        worst = c;
      }
    }
    return worst;
  }

  /** Mean µs per op of each part: held, network, coordinator NIC, array (they add up to the mean). */
  public double[] meanPartsMicros() {
    return count == 0 ? new double[4]
        : new double[] {heldMicros / count, networkMicros / count, nicMicros / count, arrayMicros / count};
  }

  /** Ops held at their node for this cause. */
  public long heldOps(LatencyCause cause) {
    return heldOps[cause.ordinal()];
  }

  /** The sum of several recorders (a VM that ran on several nodes); the one itself when alone. */
  public static PathLatency merge(List<PathLatency> parts) {
    List<PathLatency> present = parts.stream().filter(java.util.Objects::nonNull).toList();
    if (present.size() == 1) return present.get(0);
    PathLatency all = new PathLatency();
    for (PathLatency p : present) {
      for (int c = 0; c < CAUSES.length; c++) {
        all.heldOps[c] += p.heldOps[c];
        if (p.byCause[c] == null) continue;
        if (all.byCause[c] == null) all.byCause[c] = new Histogram(HIGHEST, 2);
        all.byCause[c].add(p.byCause[c]);
      }
      all.count += p.count;
      all.sumMicros += p.sumMicros;
      all.heldMicros += p.heldMicros;
      all.networkMicros += p.networkMicros;
      all.nicMicros += p.nicMicros;
      all.arrayMicros += p.arrayMicros;
    }
    return all;
  }
}

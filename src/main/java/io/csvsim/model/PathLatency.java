package io.csvsim.model;

import java.util.List;
import org.HdrHistogram.Histogram;

/** One VM's op latencies on one path (direct or redirected), in microseconds. */
public final class PathLatency {
  private static final long HIGHEST = 3_600_000_000L;

  public final Histogram histogram = new Histogram(HIGHEST, 2);
  public long count;
  public double sumMicros;

  void record(long micros) {
    histogram.recordValue(Math.max(1, Math.min(micros, HIGHEST)));
    count++;
    sumMicros += micros;
  }

  /** The sum of several recorders (a VM that ran on several nodes); the one itself when alone. */
  public static PathLatency merge(java.util.List<PathLatency> parts) {
    List<PathLatency> present = parts.stream().filter(java.util.Objects::nonNull).toList();
    if (present.size() == 1) return present.get(0);
    PathLatency all = new PathLatency();
    for (PathLatency p : present) {
      all.histogram.add(p.histogram);
      all.count += p.count;
      all.sumMicros += p.sumMicros;
    }
    return all;
  }
}

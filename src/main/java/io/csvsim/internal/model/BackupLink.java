package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network between the nodes and the DPM server: the transfers in progress share it equally
 * (processor sharing), each up to the per-job stream limit if one is set, and all together no
 * faster than the array lets backups read (a link faster than that waits for the array). Plain logic owned by DPM:
 * it says how fast each transfer goes, when the next one ends, and what went over the link when.
 */
final class BackupLink {
  private final Scenario.DpmSpec dpm;
  private final double arrayReadLimit; // bytes per second the array gives backup reads at most
  private final TimeBuckets buckets;
  private final Map<Long, Double> remaining = new LinkedHashMap<>(); // job -> bytes still to send
  private long updatedAt;
  private double busyMicros;
  final double[] bytesPerBucket;

  BackupLink(Scenario scenario, TimeBuckets buckets) {
    this.dpm = scenario.dpm();
    this.arrayReadLimit = scenario.storage().bandwidth() * StorageArray.MAX_BACKGROUND_SHARE;
    this.buckets = buckets;
    this.bytesPerBucket = new double[buckets.count()];
  }

  /** Bytes per second each transfer gets now. */
  double ratePerTransfer() {
    int n = remaining.size();
    return n == 0 ? 0 : Math.min(dpm.ratePerTransfer(n), arrayReadLimit / n);
  }

  /** Bytes per second all transfers read from the array now. */
  double totalRate() {
    return ratePerTransfer() * remaining.size();
  }

  boolean carries(long jobId) {
    return remaining.containsKey(jobId);
  }

  /** Brings every transfer's remaining bytes up to {@code now}. */
  void advanceTo(long now) {
    double elapsed = (double) (now - updatedAt) / Scenario.SECOND;
    if (!remaining.isEmpty()) {
      double sent = ratePerTransfer() * elapsed;
      remaining.replaceAll((id, left) -> left - sent);
      buckets.spread(bytesPerBucket, updatedAt, now, sent * remaining.size());
      busyMicros += now - updatedAt;
    }
    updatedAt = now;
  }

  void start(long jobId, long bytes, long now) {
    advanceTo(now);
    remaining.put(jobId, (double) bytes);
  }

  void stop(long jobId, long now) {
    advanceTo(now);
    remaining.remove(jobId);
  }

  /** µs until the transfer nearest its end is done; -1 when none runs. */
  long untilNextEnd() {
    if (remaining.isEmpty()) return -1;
    double least = Double.MAX_VALUE;
    for (double left : remaining.values()) least = Math.min(least, left);
    return (long) Math.ceil(Math.max(0, least) / ratePerTransfer() * Scenario.SECOND);
  }

  /** The transfers done by {@code now} (less than a byte left), taken off the link. */
  List<Long> finished(long now) {
    advanceTo(now);
    List<Long> done = new ArrayList<>();
    for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (entry.getValue() < 1.0) {
        it.remove();
        done.add(entry.getKey());
      }
    }
    return done;
  }

  /** µs the link carried a transfer, up to {@code end}. */
  double busyMicros(long end) {
    return busyMicros + (remaining.isEmpty() ? 0 : end - updatedAt);
  }
}

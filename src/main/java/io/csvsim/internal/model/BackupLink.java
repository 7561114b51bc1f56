package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network between the nodes and the DPM server: the transfers in progress share it equally
 * (processor sharing), each up to the per-job stream limit if one is set, and all together no
 * faster than the array lets backups read (a link faster than that waits for the array); on 2012 a
 * transfer reading a software snapshot through the coordinator's NIC shares that NIC. Plain logic owned by DPM:
 * it says how fast each transfer goes, when the next one ends, and what went over the link when.
 */
final class BackupLink {
  /** A transfer's bytes still to send, the coordinator whose NIC it reads through (-1: none) and its rate now. */
  private static final class Transfer {
    double remaining;
    final int via;
    double rate;

    Transfer(double bytes, int via) {
      this.remaining = bytes;
      this.via = via;
    }
  }

  private final Scenario.DpmSpec dpm;
  private final double arrayReadLimit; // bytes per second the array gives backup reads at most
  private final double nicReadLimit; // bytes per second one coordinator's NIC gives snapshot reads at most
  private final TimeBuckets buckets;
  private final Map<Long, Transfer> transfers = new LinkedHashMap<>();
  // The transfers in groups of one rate, as share() left them: those read locally, and those through each node's NIC.
  private int localCount;
  private double localRate;
  private final int[] perVia;
  private final double[] viaEach;
  private final boolean[] nicBound;
  private long updatedAt;
  private double busyMicros;
  final double[] bytesPerBucket;

  BackupLink(Scenario scenario, TimeBuckets buckets) {
    this.dpm = scenario.dpm();
    this.arrayReadLimit = scenario.storage().bandwidth() * StorageArray.MAX_BACKGROUND_SHARE;
    this.nicReadLimit = scenario.network().bandwidth() * StorageArray.MAX_BACKGROUND_SHARE;
    this.buckets = buckets;
    this.bytesPerBucket = new double[buckets.count()];
    this.perVia = new int[scenario.nodes().size()];
    this.viaEach = new double[perVia.length];
    this.nicBound = new boolean[perVia.length];
  }

  /**
   * Shares the link: equally, each up to the per-job limit, all together no faster than the array
   * gives backups; transfers reading a snapshot through a coordinator's NIC share that NIC's limit,
   * and what they cannot use goes to the others (max-min fairness, by water-filling).
   */
  private void share() {
    java.util.Arrays.fill(perVia, 0);
    java.util.Arrays.fill(viaEach, 0);
    java.util.Arrays.fill(nicBound, false);
    localCount = 0;
    for (Transfer t : transfers.values()) {
      if (t.via >= 0) perVia[t.via]++;
      else localCount++;
    }
    double capacity = Math.min(dpm.transferRate(), arrayReadLimit);
    int left = transfers.size();
    double fair = 0;
    while (left > 0) {
      fair = Math.min(dpm.maxTransferRatePerJob(), capacity / left);
      int tightest = -1; // the NIC whose share per transfer is lowest, if below the fair share
      for (int v = 0; v < perVia.length; v++) {
        if (!nicBound[v] && perVia[v] > 0 && nicReadLimit / perVia[v] < fair
            && (tightest < 0 || perVia[v] > perVia[tightest])) tightest = v;
      }
      if (tightest < 0) break;
      nicBound[tightest] = true;
      viaEach[tightest] = nicReadLimit / perVia[tightest];
      capacity -= nicReadLimit;
      left -= perVia[tightest];
    }
    localRate = fair;
    for (int v = 0; v < perVia.length; v++) if (perVia[v] > 0 && !nicBound[v]) viaEach[v] = fair;
    for (Transfer t : transfers.values()) t.rate = t.via < 0 ? localRate : viaEach[t.via];
  }

  /** Bytes per second all transfers read from the array now. */
  double totalRate() {
    return bytesOver(1);
  }

  /** Bytes all transfers send in {@code seconds} at their rates now. */
  private double bytesOver(double seconds) {
    double sent = localRate * seconds * localCount;
    for (int v = 0; v < perVia.length; v++) sent += viaEach[v] * seconds * perVia[v];
    return sent;
  }

  /** Bytes per second the transfer gets now. */
  double rateOf(long jobId) {
    return transfers.get(jobId).rate;
  }

  /** Bytes per second snapshot reads cross {@code node}'s NIC now. */
  double rateThrough(int node) {
    return viaEach[node] * perVia[node];
  }

  boolean carries(long jobId) {
    return transfers.containsKey(jobId);
  }

  /** Brings every transfer's remaining bytes up to {@code now}. */
  void advanceTo(long now) {
    double elapsed = (double) (now - updatedAt) / Scenario.SECOND;
    if (!transfers.isEmpty()) {
      for (Transfer t : transfers.values()) t.remaining -= t.rate * elapsed;
      buckets.spread(bytesPerBucket, updatedAt, now, bytesOver(elapsed));
      busyMicros += now - updatedAt;
    }
    updatedAt = now;
  }

  /** Starts a transfer; {@code via}: the node whose NIC it reads the snapshot through, -1 when read locally. */
  void start(long jobId, long bytes, int via, long now) {
    advanceTo(now);
    transfers.put(jobId, new Transfer(bytes, via));
    share();
  }

  void stop(long jobId, long now) {
    advanceTo(now);
    transfers.remove(jobId);
    share();
  }

  /** µs until the transfer nearest its end is done; -1 when none runs. */
  long untilNextEnd() {
    if (transfers.isEmpty()) return -1;
    double least = Double.MAX_VALUE;
    for (Transfer t : transfers.values()) least = Math.min(least, Math.max(0, t.remaining) / t.rate);
    return (long) Math.ceil(least * Scenario.SECOND);
  }

  /** The transfers done by {@code now} (less than a byte left), taken off the link. */
  List<Long> finished(long now) {
    advanceTo(now);
    List<Long> done = new ArrayList<>();
    for (var it = transfers.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (entry.getValue().remaining < 1.0) {
        it.remove();
        done.add(entry.getKey());
      }
    }
    if (!done.isEmpty()) share();
    return done;
  }

  /** µs the link carried a transfer, up to {@code end}. */
  double busyMicros(long end) {
    return busyMicros + (transfers.isEmpty() ? 0 : end - updatedAt);
  }
}

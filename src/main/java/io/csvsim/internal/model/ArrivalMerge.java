package io.csvsim.internal.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ops waiting at one first-come-first-served server: runs, each sorted by arrival, merged in
 * arrival order (ties: the run that came first, then the run's own order). The server takes ops
 * only below a horizon, the time before which no op can still come, so an op is never served
 * before one that arrived earlier, whatever order the runs came in.
 *
 * <p>Waiting runs sit in a heap keyed by their next arrival (keys in primitive arrays). A serve
 * takes out the runs with ops below its horizon (a tick's worth: a handful) and merges them, so
 * its cost per op grows with the runs that interleave now, not with all that wait.
 */
final class ArrivalMerge {

  /** A run with the ops of it not yet served; after a call to serve, [servedFrom, next) were served by it. */
  static final class Pending {
    final OpRun run;
    final long seq;
    int next;
    int servedFrom;
    long[] done; // the array's completion times for this run's ops
    int origin = -1; // at a NIC: the index of this run's node among the nodes of the run onward
    boolean blockLevel; // at a NIC: redirected at block level (2012, a node without its storage path)

    Pending(OpRun run, long seq) {
      this.run = run;
      this.seq = seq;
    }
  }

  interface OpVisitor {
    /** Op {@code i} of {@code pending.run}, arriving at {@code arrival}, is the next in arrival order. */
    void serve(Pending pending, int i, double arrival);
  }

  /** A binary min-heap of runs by (next arrival, seq), the keys kept beside the runs. */
  private static final class RunHeap {
    Pending[] runs = new Pending[16];
    double[] key = new double[16];
    long[] seq = new long[16];
    int size;

    void push(Pending p) {
      if (size == runs.length) {
        runs = Arrays.copyOf(runs, size * 2);
        key = Arrays.copyOf(key, size * 2);
        seq = Arrays.copyOf(seq, size * 2);
      }
      int k = size++;
      double kk = p.run.arrival[p.next];
      while (k > 0) {
        int parent = (k - 1) >>> 1;
        if (!before(kk, p.seq, key[parent], seq[parent])) break;
        set(k, runs[parent], key[parent], seq[parent]);
        k = parent;
      }
      set(k, p, kk, p.seq);
    }

    Pending pop() {
      Pending top = runs[0];
      size--;
      if (size > 0) {
        Pending last = runs[size];
        double lastKey = key[size];
        long lastSeq = seq[size];
        runs[size] = null;
        siftDown(last, lastKey, lastSeq);
      } else {
        runs[0] = null;
      }
      return top;
    }

    private void siftDown(Pending p, double kk, long ks) {
      int k = 0;
      int half = size >>> 1;
      while (k < half) {
        int child = 2 * k + 1;
        int right = child + 1;
        if (right < size && before(key[right], seq[right], key[child], seq[child])) child = right;
        if (!before(key[child], seq[child], kk, ks)) break;
        set(k, runs[child], key[child], seq[child]);
        k = child;
      }
      set(k, p, kk, ks);
    }

    private void set(int k, Pending p, double kk, long ks) {
      runs[k] = p;
      key[k] = kk;
      seq[k] = ks;
    }

    private static boolean before(double ka, long sa, double kb, long sb) {
      return ka < kb || (ka == kb && sa < sb);
    }
  }

  private final RunHeap waiting = new RunHeap();
  private long seq;
  private long pendingOps;
  private final List<Pending> touched = new ArrayList<>();

  void add(OpRun run) {
    add(run, false);
  }

  void add(OpRun run, boolean blockLevel) {
    if (run.size() == 0) return;
    Pending pending = new Pending(run, seq++);
    pending.blockLevel = blockLevel;
    waiting.push(pending);
    pendingOps += run.size();
  }

  /** Arrival of the earliest op waiting; +infinity when none waits. */
  double earliest() {
    return waiting.size == 0 ? Double.POSITIVE_INFINITY : waiting.key[0];
  }

  long pendingOps() {
    return pendingOps;
  }

  // The serve under way: its runs (by seq), their ops below the horizon merged into one order.
  private Pending[] racing = new Pending[16];
  private final SortedRuns order = new SortedRuns();

  /**
   * Serves, in arrival order, every waiting op that arrived before {@code horizon}; returns the runs
   * served from (each with {@code next} past its last op served), valid until the next call. The
   * runs with ops below the horizon are merged pairwise ({@link SortedRuns}).
   */
  List<Pending> serveBefore(double horizon, OpVisitor visitor) {
    touched.clear();
    int k = 0;
    while (waiting.size > 0 && waiting.key[0] < horizon) {
      if (k == racing.length) racing = Arrays.copyOf(racing, k * 2);
      racing[k++] = waiting.pop();
    }
    if (k == 0) return touched;
    Arrays.sort(racing, 0, k, (a, b) -> Long.compare(a.seq, b.seq)); // ties go to the run that came first
    order.clear();
    for (int r = 0; r < k; r++) {
      Pending p = racing[r];
      double[] arrival = p.run.arrival;
      int end = p.next;
      while (end < arrival.length && arrival[end] < horizon) end++;
      order.add(r, arrival, p.next, end - p.next);
      p.servedFrom = p.next;
      p.next = end;
    }
    int n = order.merge();
    for (int o = 0; o < n; o++) {
      long ref = order.ref(o);
      visitor.serve(racing[(int) (ref >>> 32)], (int) ref, order.arrival(o));
    }
    for (int r = 0; r < k; r++) {
      Pending p = racing[r];
      racing[r] = null;
      pendingOps -= p.next - p.servedFrom;
      touched.add(p);
      if (p.next < p.run.size()) waiting.push(p);
    }
    return touched;
  }

  /** Every waiting op's VM, counted into {@code opsPerVm} (ops in flight when a run ends). */
  void addPendingTo(long[] opsPerVm) {
    for (int k = 0; k < waiting.size; k++) waiting.runs[k].run.addOpsTo(opsPerVm, waiting.runs[k].next);
  }

  /** Takes every waiting op out (a server that stops), as the runs' remaining parts, in the order they came. */
  List<Pending> drainAll() {
    List<Pending> all = new ArrayList<>(Arrays.asList(waiting.runs).subList(0, waiting.size));
    all.sort((a, b) -> Long.compare(a.seq, b.seq));
    while (waiting.size > 0) waiting.pop();
    pendingOps = 0;
    return all;
  }
}

package io.csvsim.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ops waiting at one first-come-first-served server: runs, each sorted by arrival, merged in
 * arrival order (ties: the run that came first, then the run's own order). The server takes ops
 * only below a horizon, the time before which no op can still come, so an op is never served
 * before one that arrived earlier, whatever order the runs came in.
 */
final class ArrivalMerge {

  /** A run with the ops of it not yet served; after a call to serve, [servedFrom, next) were served by it. */
  static final class Pending {
    final OpRun run;
    final long seq;
    int next;
    int servedFrom;
    long[] done; // the array's completion times for this run's ops
    private long servedIn = -1;

    Pending(OpRun run, long seq) {
      this.run = run;
      this.seq = seq;
    }

    double head() {
      return run.arrival[next];
    }
  }

  interface OpVisitor {
    /** Op {@code i} of {@code pending.run} is the next in arrival order. */
    void serve(Pending pending, int i);
  }

  private Pending[] heap = new Pending[16];
  private int heapSize;
  private long seq;
  private long pendingOps;
  private long serveCall;
  private final List<Pending> touched = new ArrayList<>();

  void add(OpRun run) {
    if (run.size() == 0) return;
    if (heapSize == heap.length) heap = Arrays.copyOf(heap, heapSize * 2);
    heap[heapSize] = new Pending(run, seq++);
    siftUp(heapSize++);
    pendingOps += run.size();
  }

  /** Arrival of the earliest op waiting; +infinity when none waits. */
  double earliest() {
    return heapSize == 0 ? Double.POSITIVE_INFINITY : heap[0].head();
  }

  long pendingOps() {
    return pendingOps;
  }

  /**
   * Serves, in arrival order, every waiting op that arrived before {@code horizon}; returns the runs
   * served from (each with {@code next} past its last op served), valid until the next call.
   */
  List<Pending> serveBefore(double horizon, OpVisitor visitor) {
    touched.clear();
    serveCall++;
    while (heapSize > 0 && heap[0].head() < horizon) {
      Pending top = heap[0];
      if (top.servedIn != serveCall) {
        top.servedIn = serveCall;
        top.servedFrom = top.next;
        touched.add(top);
      }
      // Serve the top run while it stays ahead of every other run's first op.
      double rival = heapSize == 1 ? Double.POSITIVE_INFINITY : secondHead();
      long rivalSeq = heapSize == 1 ? Long.MAX_VALUE : secondSeq();
      OpRun run = top.run;
      do {
        visitor.serve(top, top.next);
        top.next++;
        pendingOps--;
      } while (top.next < run.size() && run.arrival[top.next] < horizon
          && (run.arrival[top.next] < rival || (run.arrival[top.next] == rival && top.seq < rivalSeq)));
      if (top.next == run.size()) {
        heap[0] = heap[--heapSize];
        heap[heapSize] = null;
      }
      if (heapSize > 0) siftDown(0);
    }
    return touched;
  }

  /** Every waiting op's VM, counted into {@code opsPerVm} (ops in flight when a run ends). */
  void addPendingTo(long[] opsPerVm) {
    for (int k = 0; k < heapSize; k++) heap[k].run.addOpsTo(opsPerVm, heap[k].next);
  }

  /** Takes every waiting op out (a server that stops), as the runs' remaining parts. */
  List<Pending> drainAll() {
    List<Pending> all = new ArrayList<>(Arrays.asList(heap).subList(0, heapSize));
    all.sort((a, b) -> Long.compare(a.seq, b.seq));
    Arrays.fill(heap, 0, heapSize, null);
    heapSize = 0;
    pendingOps = 0;
    return all;
  }

  private double secondHead() {
    Pending second = heapSize == 2 ? heap[1] : before(heap[1], heap[2]) ? heap[1] : heap[2];
    return second.head();
  }

  private long secondSeq() {
    Pending second = heapSize == 2 ? heap[1] : before(heap[1], heap[2]) ? heap[1] : heap[2];
    return second.seq;
  }

  private static boolean before(Pending a, Pending b) {
    double ha = a.head();
    double hb = b.head();
    return ha < hb || (ha == hb && a.seq < b.seq);
  }

  private void siftUp(int k) {
    Pending p = heap[k];
    while (k > 0) {
      int parent = (k - 1) >>> 1;
      if (!before(p, heap[parent])) break;
      heap[k] = heap[parent];
      k = parent;
    }
    heap[k] = p;
  }

  private void siftDown(int k) {
    Pending p = heap[k];
    int half = heapSize >>> 1;
    while (k < half) {
      int child = 2 * k + 1;
      int right = child + 1;
      if (right < heapSize && before(heap[right], heap[child])) child = right;
      if (!before(heap[child], p)) break;
      heap[k] = heap[child];
      k = child;
    }
    heap[k] = p;
  }
}

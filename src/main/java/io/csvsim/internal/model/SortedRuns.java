package io.csvsim.internal.model;

import java.util.Arrays;

/**
 * Sorted runs of ops merged into one arrival order, as a merge sort's last passes do: log2(runs)
 * passes of a branch-free two-way merge, each a sequential sweep. An op is its arrival, kept as
 * its raw bits (for times >= 0 the bits order as the times do), and a reference of the caller's
 * ({@code run << 32 | index}). Ties keep the order the runs were added in.
 */
final class SortedRuns {
  private int runs;
  private int size;
  private int[] segment = new int[17];
  private long[] keyA = new long[1024];
  private long[] keyB = new long[1024];
  private long[] refA = new long[1024];
  private long[] refB = new long[1024];

  void clear() {
    runs = 0;
    size = 0;
  }

  /** Appends the next run: {@code length} ops of run {@code run} from {@code arrival[from]} on, sorted. */
  void add(int run, double[] arrival, int from, int length) {
    if (keyA.length < size + length) grow(Math.max(2 * keyA.length, size + length));
    if (segment.length < runs + 2) segment = Arrays.copyOf(segment, 2 * (runs + 2));
    long ref = (long) run << 32;
    for (int i = 0; i < length; i++) {
      keyA[size + i] = Double.doubleToRawLongBits(arrival[from + i]);
      refA[size + i] = ref | (from + i);
    }
    segment[runs++] = size;
    size += length;
  }

  /** Merges the runs added; then {@link #arrival} and {@link #ref} give the ops in order. */
  int merge() {
    segment[runs] = size;
    for (int segments = runs; segments > 1; segments = (segments + 1) / 2) {
      int out = 0;
      for (int s = 0; s < segments; s += 2) {
        int from = segment[s];
        int mid = segment[Math.min(s + 1, segments)];
        int to = segment[Math.min(s + 2, segments)];
        merge(from, mid, to);
        segment[out++] = from;
      }
      segment[out] = size;
      long[] keys = keyA;
      keyA = keyB;
      keyB = keys;
      long[] refs = refA;
      refA = refB;
      refB = refs;
    }
    return size;
  }

  double arrival(int o) {
    return Double.longBitsToDouble(keyA[o]);
  }

  long ref(int o) {
    return refA[o];
  }

  /**
   * Merges a[from, mid) and a[mid, to) into b[from, to), the left run first on equal arrivals.
   * Branch-free: which side comes next is a coin toss no branch predictor can learn, so the choice
   * is arithmetic on the sign of the keys' difference.
   */
  private void merge(int from, int mid, int to) {
    long[] ka = keyA;
    long[] ra = refA;
    long[] kb = keyB;
    long[] rb = refB;
    int i = from;
    int j = mid;
    int o = from;
    while (i < mid && j < to) {
      int right = (int) ((ka[j] - ka[i]) >>> 63); // 1 when the right op arrived first
      int take = i + ((j - i) & -right);
      kb[o] = ka[take];
      rb[o] = ra[take];
      o++;
      i += 1 - right;
      j += right;
    }
    System.arraycopy(ka, i, kb, o, mid - i);
    System.arraycopy(ra, i, rb, o, mid - i);
    o += mid - i;
    System.arraycopy(ka, j, kb, o, to - j);
    System.arraycopy(ra, j, rb, o, to - j);
  }

  private void grow(int capacity) {
    keyA = Arrays.copyOf(keyA, capacity);
    keyB = Arrays.copyOf(keyB, capacity);
    refA = Arrays.copyOf(refA, capacity);
    refB = Arrays.copyOf(refB, capacity);
  }
}

package io.csvsim.model;

import java.util.Arrays;

/**
 * Reusable primitive arrays for the ops a queue server handles in one flush, sortable by arrival
 * time. Avoids any allocation per op on the I/O path.
 */
final class OpBuffer {
  private static final int INDEX_BITS = 24;
  private static final long MAX_OPS = 1L << INDEX_BITS;
  private static final double KEY_SCALE = 16.0; // 1/16 µs resolution for ordering

  int size;
  int[] vm = new int[1024];
  long[] issue = new long[1024];
  double[] arrival = new double[1024];
  long[] returnMicros = new long[1024];
  boolean[] redirected = new boolean[1024];
  private long[] keys = new long[1024];

  void clear() {
    size = 0;
  }

  void add(int vmIndex, long issueTime, double arrivalTime, long returnLatency, boolean viaCoordinator) {
    if (size == vm.length) grow();
    vm[size] = vmIndex;
    issue[size] = issueTime;
    arrival[size] = arrivalTime;
    returnMicros[size] = returnLatency;
    redirected[size] = viaCoordinator;
    size++;
  }

  private void grow() {
    if (size >= MAX_OPS) {
      throw new IllegalStateException("more than " + MAX_OPS + " ops in one flush; use a smaller io.tick");
    }
    int n = (int) Math.min(MAX_OPS, vm.length * 2L);
    vm = Arrays.copyOf(vm, n);
    issue = Arrays.copyOf(issue, n);
    arrival = Arrays.copyOf(arrival, n);
    returnMicros = Arrays.copyOf(returnMicros, n);
    redirected = Arrays.copyOf(redirected, n);
  }

  /** Indexes of the ops in arrival order (ties by insertion order); valid until the next call. */
  int[] order(int[] reuse) {
    if (keys.length < size) keys = new long[vm.length];
    double base = Double.MAX_VALUE;
    for (int i = 0; i < size; i++) base = Math.min(base, arrival[i]);
    for (int i = 0; i < size; i++) {
      long t = (long) ((arrival[i] - base) * KEY_SCALE);
      keys[i] = (t << INDEX_BITS) | i;
    }
    Arrays.sort(keys, 0, size);
    int[] order = reuse.length >= size ? reuse : new int[vm.length];
    long mask = MAX_OPS - 1;
    for (int i = 0; i < size; i++) order[i] = (int) (keys[i] & mask);
    return order;
  }
}

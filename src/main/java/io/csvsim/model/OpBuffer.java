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
  double[] arrival = new double[1024];
  private long[] keys = new long[1024];

  void clear() {
    size = 0;
  }

  void add(int vmIndex, double arrivalTime) {
    if (size == vm.length) grow();
    vm[size] = vmIndex;
    arrival[size] = arrivalTime;
    size++;
  }

  /** Appends a whole batch; its ops take the indexes [returned value, returned value + batch size). */
  int addAll(IoProtocol.OpBatch batch) {
    int start = size;
    for (int i = 0; i < batch.size(); i++) add(batch.vms()[i], batch.arrivals()[i]);
    return start;
  }

  private void grow() {
    if (size >= MAX_OPS) {
      throw new IllegalStateException("more than " + MAX_OPS + " ops in one flush; use a smaller io.tick");
    }
    int n = (int) Math.min(MAX_OPS, vm.length * 2L);
    vm = Arrays.copyOf(vm, n);
    arrival = Arrays.copyOf(arrival, n);
  }

  /**
   * Indexes of the ops in arrival order (ties by insertion order); valid until the next call.
   * A bucket sort: arrivals are spread over a tick, so buckets of the mean spacing hold about one
   * op each and the whole ordering is linear. A crowded bucket is sorted by packed keys instead.
   */
  int[] order(int[] reuse) {
    int n = size;
    int[] order = reuse.length >= n ? reuse : new int[vm.length];
    if (n == 0) return order;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, arrival[i]);
      max = Math.max(max, arrival[i]);
    }
    double width = (max - min) / n;
    if (!(width > 0)) {
      for (int i = 0; i < n; i++) order[i] = i;
      return order;
    }
    if (bucketStart.length < n + 1) bucketStart = new int[Math.max(n + 1, vm.length + 1)];
    if (bucketOf.length < n) bucketOf = new int[Math.max(n, vm.length)];
    java.util.Arrays.fill(bucketStart, 0, n + 1, 0);
    for (int i = 0; i < n; i++) {
      int b = Math.min(n - 1, (int) ((arrival[i] - min) / width));
      bucketOf[i] = b;
      bucketStart[b + 1]++;
    }
    for (int b = 0; b < n; b++) bucketStart[b + 1] += bucketStart[b];
    if (cursor.length < n) cursor = new int[Math.max(n, vm.length)];
    System.arraycopy(bucketStart, 0, cursor, 0, n);
    for (int i = 0; i < n; i++) order[cursor[bucketOf[i]]++] = i;
    for (int b = 0; b < n; b++) {
      int from = bucketStart[b];
      int to = bucketStart[b + 1];
      if (to - from > 1) sortRange(order, from, to, min);
    }
    return order;
  }

  private int[] bucketStart = new int[1025];
  private int[] bucketOf = new int[1024];
  private int[] cursor = new int[1024];

  /** Orders order[from, to) by arrival, ties by index: insertion sort when short, packed keys when long. */
  private void sortRange(int[] order, int from, int to, double base) {
    if (to - from <= 32) {
      for (int i = from + 1; i < to; i++) {
        int op = order[i];
        int j = i - 1;
        while (j >= from && (arrival[order[j]] > arrival[op] || (arrival[order[j]] == arrival[op] && order[j] > op))) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = op;
      }
      return;
    }
    int len = to - from;
    if (keys.length < len) keys = new long[Math.max(len, vm.length)];
    for (int k = 0; k < len; k++) {
      int op = order[from + k];
      keys[k] = ((long) ((arrival[op] - base) * KEY_SCALE) << INDEX_BITS) | op;
    }
    Arrays.sort(keys, 0, len);
    for (int k = 0; k < len; k++) order[from + k] = (int) (keys[k] & (MAX_OPS - 1));
  }
}

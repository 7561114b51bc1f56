package io.csvsim.internal.model;

import java.util.Arrays;

/**
 * A value that changes at points in time, read at times that never go back: what a queue needs
 * to know about a condition (backup reads, a degraded network) when it serves ops a little after
 * they arrived.
 */
final class StepFunction {
  private long[] from = {Long.MIN_VALUE};
  private double[] value;
  private int count = 1;
  private int cursor;

  StepFunction(double initial) {
    value = new double[] {initial};
  }

  /** From {@code time} on, the value is {@code v}. */
  void set(long time, double v) {
    if (count == from.length) {
      from = Arrays.copyOf(from, count * 2);
      value = Arrays.copyOf(value, count * 2);
    }
    from[count] = time;
    value[count++] = v;
  }

  /** The value at {@code time}; no earlier than the time of the previous call. */
  double at(double time) {
    while (cursor + 1 < count && from[cursor + 1] <= time) cursor++;
    return value[cursor];
  }
}

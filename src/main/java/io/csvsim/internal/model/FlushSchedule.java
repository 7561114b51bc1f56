package io.csvsim.internal.model;

import java.util.TreeSet;

/** The flushes a queue has asked its clock for, so it never asks for one it already has. */
final class FlushSchedule {
  private final TreeSet<Long> due = new TreeSet<>();

  /** True, and noted, when no flush is due at or before {@code at}: the caller schedules one then. */
  boolean claim(long at) {
    if (!due.isEmpty() && due.first() <= at) return false;
    due.add(at);
    return true;
  }

  void fired(long now) {
    due.remove(now);
  }
}

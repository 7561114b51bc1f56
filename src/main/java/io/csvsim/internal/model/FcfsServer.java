package io.csvsim.internal.model;

/**
 * A first-come-first-served single server fed ops in arrival order (Lindley's recursion). Used
 * for the coordinator's NIC and for the array's controller; pure logic, no actor.
 */
public final class FcfsServer {
  private double freeAt;
  private double busyMicros;
  private double waitMicros;
  private long served;

  /** When an op arriving at {@code arrival} would start service. */
  public double startAt(double arrival) {
    return Math.max(arrival, freeAt);
  }

  /** Serves one op arriving at {@code arrival} needing {@code service}; returns its finish time. */
  public double serve(double arrival, double service) {
    double start = Math.max(arrival, freeAt);
    waitMicros += start - arrival;
    freeAt = start + service;
    busyMicros += service;
    served++;
    return freeAt;
  }

  public double busyMicros() {
    return busyMicros;
  }

  public double waitMicros() {
    return waitMicros;
  }

  public long served() {
    return served;
  }

  public double meanWaitMicros() {
    return served == 0 ? 0 : waitMicros / served;
  }
}

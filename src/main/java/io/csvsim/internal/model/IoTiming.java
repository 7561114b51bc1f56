package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;

/**
 * When the queues may serve, so that each serves in arrival order however ops travel, and when
 * the array serves, so that it works while the nodes do.
 *
 * <p>Every run reaches a coordinator's NIC no later than its first op arrives there (ops leave
 * their node over the coming tick), so a NIC serves, at time t, every op that arrived before t,
 * flushing at most {@code window} after its earliest waiting op: no op waits there longer than
 * {@code nicMaxWait} before it is served. A NIC's runs therefore reach the array up to
 * {@code arrayLag} after their ops arrive.
 *
 * <p>The array serves at tick instants, the instants its nodes issue their ticks in, so that it
 * works while they do. At tick instant mT it serves the ops that arrived before (m - 2)T + fabric:
 * the largest such grid point no later than mT - arrayLag, and the one that takes whole ticks of
 * the nodes' direct ops (they arrive over [kT + fabric, (k + 1)T + fabric)). Completions reach
 * their nodes a tick later, at the next tick instant, so a node hears of an op at most
 * {@code completionLag} after it completed; the op's latency itself is exact.
 */
public record IoTiming(long window, long fabric, long nicMaxWait, long arrayLag, long completionLag) {

  public static IoTiming of(Scenario scenario) {
    long tick = scenario.ioTick();
    long nicMaxWait = tick + 1;
    return new IoTiming(tick, scenario.storage().fabricLatency(), nicMaxWait, nicMaxWait, 4 * tick);
  }

  /** The first tick instant after {@code now} at which the array can serve an op that arrived at {@code arrival}. */
  long arrayFlushFor(double arrival, long now) {
    long m = (long) Math.floor((arrival - fabric) / window) + 3;
    return Math.max(m, now / window + 1) * window;
  }

  /** What the array serves at tick instant {@code flushAt}: the ops that arrived before this. */
  double arrayHorizon(long flushAt) {
    return flushAt - 2 * window + fabric;
  }

  /** How long a completion report takes to reach its node: to the next tick instant. */
  long reportDelay() {
    return window;
  }
}

package io.csvsim.model;

import io.csvsim.scenario.Scenario;

/**
 * When the queues may serve, so that each serves in arrival order however ops travel. Every run
 * reaches a coordinator's NIC no later than its first op arrives there (ops leave their node over
 * the coming tick), so a NIC serves, at time t, every op that arrived before t, flushing at most
 * {@code window} after its earliest waiting op: no op waits there longer than {@code nicMaxWait}
 * before it is served. A NIC's runs therefore reach the array up to {@code arrayLag} after their
 * ops arrive, and the array serves at t only the ops that arrived before {@code t - arrayLag}.
 * A node hears of an op's completion at most {@code completionLag} after it happened.
 */
public record IoTiming(long window, long nicMaxWait, long arrayLag, long completionLag) {

  public static IoTiming of(Scenario scenario) {
    long window = scenario.ioTick();
    long nicMaxWait = window + 1;
    long arrayLag = nicMaxWait;
    return new IoTiming(window, nicMaxWait, arrayLag, arrayLag + window + 1);
  }
}

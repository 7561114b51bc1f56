package io.csvsim.internal.model;

/**
 * What an op's latency was made of. The first three are where it can be held at its node before it
 * leaves: the volume moving to a new coordinator, failing over from a lost one, or (a LUN without
 * CSV) the node's path to the array being gone. The others are the way itself: the hops of the
 * cluster network and SAN fabric, the coordinator's NIC (queue and service) for a redirected op,
 * and the array (queue, service and media latency).
 */
public enum LatencyCause {
  OWNERSHIP_MOVE, FAILOVER, LOST_PATH, NETWORK, COORDINATOR_NIC, ARRAY;

  private static final LatencyCause[] ALL = values();

  public static LatencyCause of(int ordinal) {
    return ALL[ordinal];
  }

  public boolean held() {
    return ordinal() <= LOST_PATH.ordinal();
  }

  /** The name reports use, e.g. "ownership-move". */
  public String label() {
    return name().toLowerCase().replace('_', '-');
  }
}

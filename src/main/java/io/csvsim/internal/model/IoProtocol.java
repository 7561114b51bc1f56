package io.csvsim.internal.model;

/**
 * What I/O messages share: ops travel in {@link OpRun}s, sorted by their arrival at the queue they
 * go to (a coordinator's NIC or the array); the array reports each op's completion to its node.
 */
public interface IoProtocol {

  /** A message that carries ops; at the end of a run undelivered ones are counted as in flight. */
  interface CarriesOps {
    void addOpsTo(long[] opsPerVm);
  }
}

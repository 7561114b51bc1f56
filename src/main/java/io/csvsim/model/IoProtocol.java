package io.csvsim.model;

import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * I/O messages that more than one actor speaks. A VM's ops of one tick leave its node as a count
 * ({@link Burst}) when they go to a coordinator, or already spread in time ({@link OpBatch}) when
 * they go to the array; the array reports each op's completion back to the VM's node.
 */
public interface IoProtocol {

  /** A message that carries ops; at the end of a run undelivered ones are counted as in flight. */
  interface CarriesOps {
    void addOpsTo(long[] opsPerVm);
  }

  /**
   * One burst of ops for a tick: {@code counts[i]} ops of VM {@code vms[i]}, issued spread over the
   * tick that starts at {@code issuedAt}, leaving the sender no earlier than {@code sentAt} (later
   * when the burst was held during an ownership move).
   */
  record Burst(long issuedAt, long sentAt, int[] vms, int[] counts) implements CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      for (int i = 0; i < vms.length; i++) opsPerVm[vms[i]] += counts[i];
    }

    public long ops() {
      long n = 0;
      for (int c : counts) n += c;
      return n;
    }
  }

  /**
   * Ops of VMs of one node, each with its issue time and its arrival time at the array, plus the
   * latency of the way back; {@code replyTo} (the VMs' node) learns when each op completes.
   */
  record OpBatch(
      ActorRef<HyperVNode.Command> replyTo,
      boolean redirected,
      int[] vms,
      long[] issued,
      double[] arrivals,
      long returnLatency) implements CarriesOps {

    @Override
    public void addOpsTo(long[] opsPerVm) {
      for (int vm : vms) opsPerVm[vm]++;
    }

    public int size() {
      return vms.length;
    }

    /**
     * Spreads a burst's ops over its tick following each VM's arrival process (Poisson: uniform
     * times; constant: evenly spaced); each reaches the next server {@code hop} after it leaves.
     */
    static OpBatch spread(Burst burst, long tick, VmTable table, SplittableRandom random, long hop, long returnLatency,
        boolean redirected, ActorRef<HyperVNode.Command> replyTo) {
      int n = (int) burst.ops();
      int[] vms = new int[n];
      long[] issued = new long[n];
      double[] arrivals = new double[n];
      int k = 0;
      for (int s = 0; s < burst.vms().length; s++) {
        int vm = burst.vms()[s];
        int count = burst.counts()[s];
        boolean constant = table.constantArrival[vm];
        for (int j = 0; j < count; j++, k++) {
          long offset = constant ? (long) ((j + 0.5) * tick / count) : (long) (random.nextDouble() * tick);
          long issue = burst.issuedAt() + offset;
          vms[k] = vm;
          issued[k] = issue;
          arrivals[k] = Math.max(issue, burst.sentAt()) + hop;
        }
      }
      return new OpBatch(replyTo, redirected, vms, issued, arrivals, returnLatency);
    }
  }
}

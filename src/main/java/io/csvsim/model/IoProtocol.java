package io.csvsim.model;

/** I/O messages that more than one actor speaks. Ops travel as counts per VM until a server spreads them in time. */
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
}

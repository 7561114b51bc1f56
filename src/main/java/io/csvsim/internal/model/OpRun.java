package io.csvsim.internal.model;

import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Ops of one node's VMs travelling together to a queue (the array, or a coordinator's NIC), sorted
 * by their arrival there. Struct of arrays, never changed once built: the ops' VMs, when they were
 * issued, when they left their node ({@code left}, null when every op left as it was issued), their
 * arrival at the next queue, their service time at the array at full speed (the VM drew the op
 * read or write, and an exponential service if the array has one), the time each spent in a
 * coordinator's NIC (null unless redirected through one) and why an op was held at its node before
 * it left ({@code heldBy}, a {@link LatencyCause} ordinal per op, null when none was held). {@code replyTo}, the VMs' node,
 * learns when each op completed, {@code returnLatency} after it left the array. A coordinator's NIC
 * passes on the ops of several nodes in one run: then {@code origins} lists those nodes and
 * {@code origin} says, per op, which one it is ({@code replyTo} is null).
 */
public final class OpRun implements IoProtocol.CarriesOps {
  public final ActorRef<HyperVNode.Command> replyTo;
  final List<ActorRef<HyperVNode.Command>> origins;
  final short[] origin;
  public final boolean redirected;
  public final long returnLatency;
  final int[] vm;
  final long[] issued;
  final long[] left;
  final double[] arrival;
  final float[] service;
  final float[] nicMicros;
  final byte[] heldBy;

  OpRun(ActorRef<HyperVNode.Command> replyTo, boolean redirected, long returnLatency, int[] vm, long[] issued, long[] left,
      double[] arrival, float[] service, float[] nicMicros, byte[] heldBy) {
    this(replyTo, null, null, redirected, returnLatency, vm, issued, left, arrival, service, nicMicros, heldBy);
  }

  private OpRun(ActorRef<HyperVNode.Command> replyTo, List<ActorRef<HyperVNode.Command>> origins, short[] origin, boolean redirected,
      long returnLatency, int[] vm, long[] issued, long[] left, double[] arrival, float[] service, float[] nicMicros, byte[] heldBy) {
    this.replyTo = replyTo;
    this.origins = origins;
    this.origin = origin;
    this.redirected = redirected;
    this.returnLatency = returnLatency;
    this.vm = vm;
    this.issued = issued;
    this.left = left;
    this.arrival = arrival;
    this.service = service;
    this.nicMicros = nicMicros;
    this.heldBy = heldBy;
  }

  public int size() {
    return vm.length;
  }

  public int vm(int i) {
    return vm[i];
  }

  public long issued(int i) {
    return issued[i];
  }

  /** When the op left its node: its issue time unless it was held there. */
  public long left(int i) {
    return left == null ? issued[i] : left[i];
  }

  /** Arrival at the queue this run travels to. */
  public double arrival(int i) {
    return arrival[i];
  }

  /** Service time at the array at full speed, µs. */
  public double service(int i) {
    return service[i];
  }

  /** Time in the coordinator's NIC (queue and service), µs; 0 for direct ops. */
  public double nicMicros(int i) {
    return nicMicros == null ? 0 : nicMicros[i];
  }

  /** Why the op was held at its node, or null if it was not. */
  public LatencyCause heldBy(int i) {
    return heldBy == null || heldBy[i] < 0 ? null : LatencyCause.of(heldBy[i]);
  }

  /**
   * Ops [from, to) of a run of several nodes' ops, one run per node that has any (null for those
   * that have none), each op with its completion time: {@code done} of a node's run gets
   * {@code doneAt[i]} for each op i it holds. One pass in order, so each node then reads its own
   * ops side by side instead of picking them out of the whole run.
   */
  OpRun[] splitByOrigin(int from, int to, long[] doneAt, long[][] done) {
    int nodes = origins.size();
    int[] count = new int[nodes];
    for (int i = from; i < to; i++) count[origin[i]]++;
    int[][] vms = new int[nodes][];
    long[][] issuedAt = new long[nodes][];
    long[][] leftAt = left == null ? null : new long[nodes][];
    double[][] arrivals = new double[nodes][];
    float[][] services = new float[nodes][];
    float[][] nics = nicMicros == null ? null : new float[nodes][];
    byte[][] helds = heldBy == null ? null : new byte[nodes][];
    for (int o = 0; o < nodes; o++) {
      int n = count[o];
      if (n == 0) continue;
      vms[o] = new int[n];
      issuedAt[o] = new long[n];
      if (leftAt != null) leftAt[o] = new long[n];
      arrivals[o] = new double[n];
      services[o] = new float[n];
      if (nics != null) nics[o] = new float[n];
      if (helds != null) helds[o] = new byte[n];
      done[o] = new long[n];
      count[o] = 0;
    }
    for (int i = from; i < to; i++) {
      int o = origin[i];
      int k = count[o]++;
      vms[o][k] = vm[i];
      issuedAt[o][k] = issued[i];
      if (leftAt != null) leftAt[o][k] = left[i];
      arrivals[o][k] = arrival[i];
      services[o][k] = service[i];
      if (nics != null) nics[o][k] = nicMicros[i];
      if (helds != null) helds[o][k] = heldBy[i];
      done[o][k] = doneAt[i];
    }
    OpRun[] runs = new OpRun[nodes];
    for (int o = 0; o < nodes; o++) {
      if (count[o] == 0) continue;
      runs[o] = new OpRun(origins.get(o), redirected, returnLatency, vms[o], issuedAt[o], leftAt == null ? null : leftAt[o],
          arrivals[o], services[o], nics == null ? null : nics[o], helds == null ? null : helds[o]);
    }
    return runs;
  }

  @Override
  public void addOpsTo(long[] opsPerVm) {
    for (int v : vm) opsPerVm[v]++;
  }

  void addOpsTo(long[] opsPerVm, int from) {
    for (int i = from; i < vm.length; i++) opsPerVm[vm[i]]++;
  }

  /**
   * Appends ops in arrival order and builds runs of exactly their size. Reused: {@link #build}
   * empties it. Columns a run does not need (left, NIC time, hold cause) stay unallocated until an
   * op needs them.
   */
  static final class Builder {
    private int size;
    private boolean sorted = true;
    private int[] vm = new int[64];
    private long[] issued = new long[64];
    private double[] arrival = new double[64];
    private float[] service = new float[64];
    private long[] left; // allocated when an op left later than it was issued
    private float[] nicMicros;
    private byte[] heldBy;
    private short[] origin; // with several nodes' ops: which node each op is of

    int size() {
      return size;
    }

    /** Appends an op that left as it was issued, straight from its VM: the common case, kept short. */
    void add(int vmIndex, long issuedAt, double arrivalAt, float serviceMicros) {
      if (size == vm.length || left != null || nicMicros != null || heldBy != null) {
        add(vmIndex, issuedAt, issuedAt, arrivalAt, serviceMicros, 0, null);
        return;
      }
      if (size > 0 && arrivalAt < arrival[size - 1]) sorted = false;
      vm[size] = vmIndex;
      issued[size] = issuedAt;
      arrival[size] = arrivalAt;
      service[size] = serviceMicros;
      size++;
    }

    /** Appends an op; an {@code arrival} before the previous op's makes {@link #build} sort (rare). */
    void add(int vmIndex, long issuedAt, long leftAt, double arrivalAt, float serviceMicros, double nic, LatencyCause held) {
      append(vmIndex, issuedAt, leftAt, arrivalAt, serviceMicros, nic, held == null ? -1 : (byte) held.ordinal());
    }

    /** Appends op {@code i} of {@code run} unchanged but for its arrival at the next queue and its NIC time. */
    void addFrom(OpRun run, int i, double arrivalAt, double nic) {
      append(run.vm[i], run.issued[i], run.left == null ? run.issued[i] : run.left[i], arrivalAt, run.service[i], nic,
          run.heldBy == null ? -1 : run.heldBy[i]);
    }

    /** As {@link #addFrom(OpRun, int, double, double)}, for a run of several nodes' ops: the op is of node {@code originIndex}. */
    void addFrom(OpRun run, int i, double arrivalAt, double nic, int originIndex) {
      if (size == vm.length) grow();
      if (origin == null || origin.length < vm.length) origin = origin == null ? new short[vm.length] : Arrays.copyOf(origin, vm.length);
      origin[size] = (short) originIndex;
      addFrom(run, i, arrivalAt, nic);
    }

    private void append(int vmIndex, long issuedAt, long leftAt, double arrivalAt, float serviceMicros, double nic, byte held) {
      if (size == vm.length) grow();
      if (size > 0 && arrivalAt < arrival[size - 1]) sorted = false;
      vm[size] = vmIndex;
      issued[size] = issuedAt;
      arrival[size] = arrivalAt;
      service[size] = serviceMicros;
      if (left != null || leftAt != issuedAt) {
        if (left == null) {
          left = new long[vm.length];
          System.arraycopy(issued, 0, left, 0, size);
        }
        left[size] = leftAt;
      }
      if (nicMicros != null || nic != 0) {
        if (nicMicros == null) nicMicros = new float[vm.length];
        nicMicros[size] = (float) nic;
      }
      if (heldBy != null || held >= 0) {
        if (heldBy == null) {
          heldBy = new byte[vm.length];
          Arrays.fill(heldBy, 0, size, (byte) -1);
        }
        heldBy[size] = held;
      }
      size++;
    }

    private void grow() {
      int n = vm.length * 2;
      vm = Arrays.copyOf(vm, n);
      issued = Arrays.copyOf(issued, n);
      arrival = Arrays.copyOf(arrival, n);
      service = Arrays.copyOf(service, n);
      if (left != null) left = Arrays.copyOf(left, n);
      if (nicMicros != null) nicMicros = Arrays.copyOf(nicMicros, n);
      if (heldBy != null) heldBy = Arrays.copyOf(heldBy, n);
      if (origin != null) origin = Arrays.copyOf(origin, n);
    }

    /** Every op's VM, counted into {@code opsPerVm}. */
    void addOpsTo(long[] opsPerVm) {
      for (int i = 0; i < size; i++) opsPerVm[vm[i]]++;
    }

    /** The run of the ops added, in arrival order (ops added out of order, rare, are sorted; ties keep their order). */
    OpRun build(ActorRef<HyperVNode.Command> replyTo, boolean redirected, long returnLatency) {
      return build(replyTo, null, redirected, returnLatency);
    }

    /** The run of several nodes' ops, added with their origin indexes into {@code origins}. */
    OpRun build(List<ActorRef<HyperVNode.Command>> origins, boolean redirected, long returnLatency) {
      return build(null, List.copyOf(origins), redirected, returnLatency);
    }

    private OpRun build(ActorRef<HyperVNode.Command> replyTo, List<ActorRef<HyperVNode.Command>> origins, boolean redirected,
        long returnLatency) {
      int[] order = sorted ? null : arrivalOrder();
      OpRun run = new OpRun(replyTo, origins, origins == null ? null : take(origin, order), redirected, returnLatency, take(vm, order),
          take(issued, order), take(left, order), take(arrival, order), take(service, order), take(nicMicros, order), take(heldBy, order));
      size = 0;
      sorted = true;
      left = null;
      nicMicros = null;
      heldBy = null;
      return run;
    }

    private int[] arrivalOrder() {
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) boxed[i] = i;
      Arrays.sort(boxed, (a, b) -> Double.compare(arrival[a], arrival[b])); // stable
      int[] order = new int[size];
      for (int i = 0; i < size; i++) order[i] = boxed[i];
      return order;
    }

    private int[] take(int[] column, int[] order) {
      if (order == null) return Arrays.copyOf(column, size);
      int[] out = new int[size];
      for (int i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    }

    private long[] take(long[] column, int[] order) {
      if (column == null) return null;
      if (order == null) return Arrays.copyOf(column, size);
      long[] out = new long[size];
      for (int i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    }

    private double[] take(double[] column, int[] order) {
      if (order == null) return Arrays.copyOf(column, size);
      double[] out = new double[size];
      for (int i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    }

    private float[] take(float[] column, int[] order) {
      if (column == null) return null;
      if (order == null) return Arrays.copyOf(column, size);
      float[] out = new float[size];
      for (int i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    }

    private short[] take(short[] column, int[] order) {
      if (column == null) return null;
      if (order == null) return Arrays.copyOf(column, size);
      short[] out = new short[size];
      for (int i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    }

    private byte[] take(byte[] column, int[] order) {
      if (column == null) return null;
      if (order == null) return Arrays.copyOf(column, size);
      byte[] out = new byte[size];
      for (int i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    }
  }
}

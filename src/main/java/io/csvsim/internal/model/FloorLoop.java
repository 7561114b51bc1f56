package io.csvsim.internal.model;

import io.csvsim.scenario.Scenario;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The floor that {@code csvsim bench} measures the model against: a plain single-threaded loop,
 * no actors, no messages, that does for every op of a scenario the work every op needs, with the
 * model's own code for each step. Per tick, per node: draw the node's ops (the same
 * {@link VmWorkload}, seeded as the node seeds it: the same ops); merge all nodes' ops of the tick
 * into arrival order ({@link SortedRuns}, as the array does); serve them first come first served at
 * one controller ({@link FcfsServer}); record each op's latency (completion minus issue) in its VM's
 * HdrHistogram. Every op goes straight to the array: the floor has no redirected I/O, no backups,
 * no faults, no time buckets and no latency causes, which the model adds on top.
 */
public final class FloorLoop {
  private FloorLoop() {}

  /** What the loop did: ops simulated, its wall seconds, and the mean latency it recorded (a check that it did the work). */
  public record Result(long ops, double wallSeconds, double meanLatencyMicros) {}

  public static Result run(Scenario scenario) {
    long started = System.nanoTime();
    VmTable table = new VmTable(scenario);
    int nodes = scenario.nodes().size();
    VmWorkload[] workloads = new VmWorkload[nodes];
    int[][] vmsOf = new int[nodes][];
    for (int n = 0; n < nodes; n++) {
      SplittableRandom random = Sampling.random(scenario.seed(), scenario.nodes().get(n).name());
      workloads[n] = new VmWorkload(scenario, table, scenario.nodes().get(n).name(), random.split());
      final int node = n;
      vmsOf[n] = java.util.stream.IntStream.range(0, scenario.vms().size()).filter(v -> scenario.vms().get(v).node() == node).toArray();
    }
    Histogram[] latency = new Histogram[scenario.vms().size()];
    for (int v = 0; v < latency.length; v++) latency[v] = new Histogram(3_600_000_000L, 2);
    FcfsServer controller = new FcfsServer();
    SortedRuns order = new SortedRuns();
    double[][] arrival = new double[nodes][1024];
    long fabric = scenario.storage().fabricLatency();
    long base = scenario.storage().baseLatency();
    long ops = 0;
    double latencySum = 0;
    for (long tick = 0; tick < scenario.endTime(); tick += scenario.ioTick()) {
      // A tick's ops arrive within [tick + fabric, next tick + fabric): serving tick by tick is first come first served.
      order.clear();
      for (int n = 0; n < nodes; n++) {
        VmWorkload w = workloads[n];
        w.issue(vmsOf[n], tick, scenario.ioTick());
        if (arrival[n].length < w.size) arrival[n] = new double[2 * w.size];
        for (int i = 0; i < w.size; i++) arrival[n][i] = w.issued[i] + fabric;
        order.add(n, arrival[n], 0, w.size);
      }
      int count = order.merge();
      for (int o = 0; o < count; o++) {
        long ref = order.ref(o);
        VmWorkload w = workloads[(int) (ref >>> 32)];
        int i = (int) ref;
        double finish = controller.serve(order.arrival(o), w.service[i]);
        long done = (long) Math.ceil(finish) + base + fabric;
        long micros = done - w.issued[i];
        latency[w.vm[i]].recordValue(Math.max(1, micros));
        latencySum += micros;
      }
      ops += count;
    }
    return new Result(ops, (System.nanoTime() - started) / 1e9, ops == 0 ? 0 : latencySum / ops);
  }
}

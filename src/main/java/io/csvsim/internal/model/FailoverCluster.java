package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.FaultKind;
import io.csvsim.scenario.Scenario.FaultSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The failover cluster service: node membership and where each VM runs. It declares a lost node
 * down once its heartbeats stop, restarts that node's VMs on the up node running the fewest,
 * performs live migrations and carries the cluster network's condition to the nodes. It tells the
 * volumes and DPM what they would learn from the cluster; everything else follows from their own
 * messages.
 */
public final class FailoverCluster extends AbstractBehavior<FailoverCluster.Command> {

  public sealed interface Command {}

  /** A scheduled fault the cluster service carries out: node loss, live migration, a degraded network. */
  public record Fault(FaultSpec fault) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  /** 2012 R2: a volume's coordinator now, and whether it may move (nothing in progress on it). */
  public record CoordinatorReport(int csv, int node, boolean movable) implements Command {}

  /** 2012 R2: spread the coordinators (the simulation sends it at the start). */
  public enum Rebalance implements Command { INSTANCE }

  private record Detected(int node, FaultKind cause) implements Command {}

  private record NodeBack(int node, FaultKind cause) implements Command {}

  private record Restart(int vm, FaultKind cause) implements Command {}

  private record Switch(int vm, int source, int target) implements Command {}

  /** One degradation of the cluster network, of this factor, is over. */
  private record DegradationEnded(double factor) implements Command {}

  /** Where each VM ran at the end (-1: not running), and what the cluster did. */
  public record Stats(int[] hostAtEnd, List<FaultEvent> events) {}

  public static Behavior<Command> create(Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      List<ActorRef<CsvVolume.Command>> volumes, ActorRef<DpmServer.Command> dpm, SimClock clock) {
    return create(scenario, nodes, volumes, dpm, clock, ModelObserver.NONE);
  }

  public static Behavior<Command> create(Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      List<ActorRef<CsvVolume.Command>> volumes, ActorRef<DpmServer.Command> dpm, SimClock clock, ModelObserver observer) {
    return clock.instrument(Behaviors.setup(ctx -> new FailoverCluster(ctx, scenario, nodes, volumes, dpm, clock, observer)));
  }

  private final Scenario scenario;
  private final List<ActorRef<HyperVNode.Command>> nodes;
  private final List<ActorRef<CsvVolume.Command>> volumes;
  private final ActorRef<DpmServer.Command> dpm;
  private final SimClock.Sender out;
  private final long hop;
  private final boolean[] up;
  private final int[] hostOf;
  private final boolean[] migrating;
  private final boolean balances; // 2012 R2
  private final int[] coordinatorOf; // as the volumes last reported
  private final boolean[] movable;
  private final int[] askedTo; // per volume: the node it was asked to move to, -1 when not asked
  private final List<Double> degradations = new ArrayList<>(); // factors of the degradations still running
  private final List<FaultEvent> events = new ArrayList<>();
  private final ModelObserver observer;

  private FailoverCluster(ActorContext<Command> ctx, Scenario scenario, List<ActorRef<HyperVNode.Command>> nodes,
      List<ActorRef<CsvVolume.Command>> volumes, ActorRef<DpmServer.Command> dpm, SimClock clock, ModelObserver observer) {
    super(ctx);
    this.observer = observer;
    this.scenario = scenario;
    this.nodes = List.copyOf(nodes);
    this.volumes = List.copyOf(volumes);
    this.dpm = dpm;
    this.out = clock.sender(ctx.getSelf().path().name());
    this.hop = scenario.network().latency();
    up = new boolean[nodes.size()];
    java.util.Arrays.fill(up, true);
    hostOf = new int[scenario.vms().size()];
    for (int v = 0; v < hostOf.length; v++) hostOf[v] = scenario.vms().get(v).node();
    migrating = new boolean[hostOf.length];
    balances = scenario.rebalancesCoordinators();
    coordinatorOf = new int[volumes.size()];
    for (int c = 0; c < coordinatorOf.length; c++) coordinatorOf[c] = scenario.csvs().get(c).coordinator();
    movable = new boolean[volumes.size()];
    java.util.Arrays.fill(movable, true);
    askedTo = new int[volumes.size()];
    java.util.Arrays.fill(askedTo, -1);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fault.class, this::onFault)
        .onMessage(Detected.class, this::onDetected)
        .onMessage(NodeBack.class, this::onNodeBack)
        .onMessage(Restart.class, this::onRestart)
        .onMessage(Switch.class, this::onSwitch)
        .onMessage(DegradationEnded.class, this::onDegradationEnded)
        .onMessage(CoordinatorReport.class, r -> {
          coordinatorOf[r.csv()] = r.node();
          movable[r.csv()] = r.movable();
          askedTo[r.csv()] = -1;
          balance();
          return this;
        })
        .onMessageEquals(Rebalance.INSTANCE, () -> {
          balance();
          return this;
        })
        .onMessage(CollectStats.class, c -> {
          c.replyTo().tell(new Stats(hostOf.clone(), List.copyOf(events)));
          return this;
        })
        .build();
  }

  private Behavior<Command> onFault(Fault message) {
    FaultSpec fault = message.fault();
    switch (fault.kind()) {
      case NODE_CRASH, NETWORK_PARTITION -> lose(fault);
      case LIVE_MIGRATION -> migrate(fault.vm(), fault.node());
      case NETWORK_DEGRADED -> {
        double before = networkFactor();
        degradations.add(fault.factor());
        if (networkFactor() != before) tellNetworkFactor();
        out.tell(getContext().getSelf(), new DegradationEnded(fault.factor()), fault.duration());
        log(fault.kind(), "cluster network", "degraded " + fault.factor() + " times for " + fault.duration() / Scenario.SECOND
            + " s; redirected I/O crosses it " + networkFactor() + " times slower");
      }
      default -> throw new IllegalArgumentException("not a cluster fault: " + fault.kind());
    }
    return this;
  }

  private void lose(FaultSpec fault) {
    int node = fault.node();
    if (!up[node]) {
      log(fault.kind(), name(node), "already down: no effect");
      return;
    }
    up[node] = false;
    out.tell(nodes.get(node), new HyperVNode.Crash(fault.kind()), SimClock.NEXT_INSTANT);
    out.tell(getContext().getSelf(), new Detected(node, fault.kind()), scenario.failover().detectionTime());
    if (fault.duration() > 0) {
      // Back no sooner than detected and than its last tick's ops have run out.
      long back = Math.max(fault.duration(), Math.max(scenario.failover().detectionTime() + 1, scenario.ioTick()));
      out.tell(getContext().getSelf(), new NodeBack(node, fault.kind()), back);
    }
  }

  private Behavior<Command> onDetected(Detected detected) {
    int node = detected.node();
    for (ActorRef<CsvVolume.Command> volume : volumes) out.tell(volume, new CsvVolume.NodeDown(node, detected.cause()), hop);
    out.tell(dpm, new DpmServer.NodeDown(node, detected.cause()), hop);
    int restarting = 0;
    for (int v = 0; v < hostOf.length; v++) {
      if (hostOf[v] != node) continue;
      hostOf[v] = -1;
      migrating[v] = false;
      restarting++;
      out.tell(getContext().getSelf(), new Restart(v, detected.cause()), scenario.failover().vmRestartTime());
    }
    balance();
    log(detected.cause(), name(node), "declared down after " + scenario.failover().detectionTime() / 1e6 + " s of missed heartbeats; "
        + restarting + " VMs restart on other nodes");
    return this;
  }

  private Behavior<Command> onNodeBack(NodeBack back) {
    int node = back.node();
    if (up[node]) return this;
    up[node] = true;
    out.tell(nodes.get(node), HyperVNode.Recover.INSTANCE, SimClock.NEXT_INSTANT);
    for (ActorRef<CsvVolume.Command> volume : volumes) out.tell(volume, new CsvVolume.NodeUp(node), hop);
    out.tell(dpm, new DpmServer.NodeUp(node), hop);
    log(back.cause(), name(node), "rejoined the cluster");
    balance();
    return this;
  }

  /**
   * 2012 R2: while an up node coordinates two volumes more than another, asks a volume of the
   * busiest that may move to move to the idlest. Volumes coordinated by a lost node are not
   * counted until their failover reports where they went; one asked is counted where it goes.
   */
  private void balance() {
    if (!balances) return;
    int[] count = new int[up.length];
    for (int c = 0; c < coordinatorOf.length; c++) {
      int at = askedTo[c] >= 0 ? askedTo[c] : coordinatorOf[c];
      if (up[at]) count[at]++;
    }
    while (true) {
      int idlest = -1;
      for (int n = 0; n < up.length; n++) if (up[n] && (idlest < 0 || count[n] < count[idlest])) idlest = n;
      if (idlest < 0) return;
      int volume = -1;
      int from = -1;
      for (int c = 0; c < coordinatorOf.length; c++) {
        int n = coordinatorOf[c];
        if (askedTo[c] >= 0 || !movable[c] || !up[n] || count[n] - count[idlest] < 2) continue;
        if (volume < 0 || count[n] > count[from]) {
          volume = c;
          from = n;
        }
      }
      if (volume < 0) return;
      askedTo[volume] = idlest;
      count[from]--;
      count[idlest]++;
      out.tell(volumes.get(volume), new CsvVolume.MoveCoordinator(idlest), hop);
      log("rebalance", scenario.csvs().get(volume).name(), "asked to move its coordinator from " + name(from) + " to " + name(idlest)
          + " to spread the volumes evenly");
    }
  }

  /** Restarts a VM on the up node running the fewest VMs (ties: the first listed), or later when none is up. */
  private Behavior<Command> onRestart(Restart restart) {
    int vm = restart.vm();
    if (hostOf[vm] >= 0) return this;
    int[] running = new int[up.length];
    for (int h : hostOf) if (h >= 0) running[h]++;
    int target = -1;
    for (int n = 0; n < up.length; n++) if (up[n] && (target < 0 || running[n] < running[target])) target = n;
    if (target < 0) {
      out.tell(getContext().getSelf(), restart, scenario.failover().vmRestartTime());
      return this;
    }
    place(vm, target);
    log(restart.cause(), scenario.vms().get(vm).name(), "restarted on " + name(target));
    return this;
  }

  private void place(int vm, int node) {
    hostOf[vm] = node;
    out.tell(nodes.get(node), new HyperVNode.StartVm(vm), SimClock.NEXT_INSTANT);
    out.tell(dpm, new DpmServer.VmPlaced(vm, node), hop);
  }

  private void migrate(int vm, int target) {
    String vmName = scenario.vms().get(vm).name();
    int source = hostOf[vm];
    if (source < 0 || source == target || !up[target] || migrating[vm]) {
      log(FaultKind.LIVE_MIGRATION, vmName, "not migrated to " + name(target) + ": "
          + (source < 0 ? "the VM is not running" : source == target ? "it already runs there"
              : !up[target] ? "the target is down" : "a migration is already in progress"));
      return;
    }
    migrating[vm] = true;
    out.tell(dpm, new DpmServer.VmMigrating(vm), hop);
    out.tell(getContext().getSelf(), new Switch(vm, source, target), scenario.failover().liveMigrationTime());
    log(FaultKind.LIVE_MIGRATION, vmName, "migrating from " + name(source) + " to " + name(target));
  }

  private Behavior<Command> onSwitch(Switch sw) {
    int vm = sw.vm();
    if (!migrating[vm]) return this; // its node went down meanwhile: the VM restarts instead
    migrating[vm] = false;
    String vmName = scenario.vms().get(vm).name();
    if (hostOf[vm] != sw.source() || !up[sw.target()]) {
      log(FaultKind.LIVE_MIGRATION, vmName, "migration to " + name(sw.target()) + " failed: the target went down");
      return this;
    }
    out.tell(nodes.get(sw.source()), new HyperVNode.StopVm(vm), SimClock.NEXT_INSTANT);
    place(vm, sw.target());
    log(FaultKind.LIVE_MIGRATION, vmName, "now runs on " + name(sw.target()));
    return this;
  }

  /** The worst degradation still running decides how slow the network is (1: none). [model] */
  private double networkFactor() {
    double factor = 1;
    for (double d : degradations) factor = Math.max(factor, d);
    return factor;
  }

  private void tellNetworkFactor() {
    for (ActorRef<HyperVNode.Command> node : nodes) out.tell(node, new HyperVNode.NetworkFactor(networkFactor()), SimClock.NEXT_INSTANT);
  }

  private Behavior<Command> onDegradationEnded(DegradationEnded ended) {
    double before = networkFactor();
    degradations.remove(Double.valueOf(ended.factor()));
    if (networkFactor() != before) tellNetworkFactor();
    log(FaultKind.NETWORK_DEGRADED, "cluster network", degradations.isEmpty() ? "back to full speed"
        : "a degradation of " + ended.factor() + " times ended; " + degradations.size() + " still running: "
            + networkFactor() + " times slower");
    return this;
  }

  private String name(int node) {
    return scenario.nodes().get(node).name();
  }

  private void log(FaultKind kind, String target, String what) {
    log(kind.label(), target, what);
  }

  private void log(String kind, String target, String what) {
    FaultEvent event = new FaultEvent(out.now(), kind, target, what);
    events.add(event);
    observer.fault(event);
  }
}

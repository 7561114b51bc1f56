package io.csvsim.sim;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.internal.clock.VirtualClock;
import io.csvsim.internal.clock.WallClock;
import io.csvsim.internal.model.CsvVolume;
import io.csvsim.internal.model.DpmServer;
import io.csvsim.internal.model.FailoverCluster;
import io.csvsim.internal.model.HyperVNode;
import io.csvsim.internal.model.StorageArray;
import io.csvsim.internal.result.ResultAssembler;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The public entry point: a behavior that runs one scenario. Spawn it anywhere (several at once
 * are independent), send {@link Start}, and receive the {@link SimulationResult}.
 *
 * <pre>{@code
 * ActorRef<ClusterSimulation.Command> sim =
 *     ctx.spawn(ClusterSimulation.create(scenario, SimulationSettings.virtual()), "sim-1");
 * sim.tell(new ClusterSimulation.Start(resultReceiver));
 * }</pre>
 */
public final class ClusterSimulation {

  public sealed interface Command {}

  /** Starts the run; the result goes to {@code replyTo} when it ends. Only the first Start counts. */
  public record Start(ActorRef<SimulationResult> replyTo) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * {@code subscriber} gets the run's {@link SimEvent}s from now on (subscribe before Start to see
   * them all). Watching does not change the run's result.
   */
  public record Subscribe(ActorRef<SimEvent> subscriber) implements Command {}

  private record Published(SimEvent event) implements Command {}

  /** Progress of a run: simulated time reached, of how much, and the model messages handled. */
  public record Status(double simulatedSeconds, double durationSeconds, long modelMessages, boolean finished) {}

  private enum ClockFinished implements Command { INSTANCE }

  private record NodeStats(HyperVNode.Stats stats) implements Command {}

  private record VolumeStats(CsvVolume.Stats stats) implements Command {}

  private record StorageStats(StorageArray.Stats stats) implements Command {}

  private record DpmStats(DpmServer.Stats stats) implements Command {}

  private record ClusterStats(FailoverCluster.Stats stats) implements Command {}

  private record Dead(DeadLetter letter) implements Command {}

  /** The watchdog's wall-clock check that the run still makes progress. */
  private enum CheckProgress implements Command { INSTANCE }

  private ClusterSimulation() {}

  public static Behavior<Command> create(Scenario scenario, SimulationSettings settings) {
    return Behaviors.setup(ctx -> new Run(ctx, scenario, settings).idle());
  }

  /** State of one run; all mutation happens inside the guardian's handlers. */
  private static final class Run {
    private final ActorContext<Command> ctx;
    private final Scenario scenario;
    private final SimulationSettings settings;
    private VirtualClock clock;
    private ActorRef<StorageArray.Command> storage;
    private final List<ActorRef<HyperVNode.Command>> nodes = new ArrayList<>();
    private final List<ActorRef<CsvVolume.Command>> volumes = new ArrayList<>();
    private ActorRef<DpmServer.Command> dpm;
    private ActorRef<FailoverCluster.Command> cluster;
    private ActorRef<SimulationResult> replyTo;
    private long wallStart;
    private final List<HyperVNode.Stats> nodeStats = new ArrayList<>();
    private final CsvVolume.Stats[] volumeStats;
    private StorageArray.Stats storageStats;
    private DpmServer.Stats dpmStats;
    private FailoverCluster.Stats clusterStats;
    private SimulationResult result;
    private final List<ActorRef<SimEvent>> subscribers = new ArrayList<>();
    private final EventRelay relay;

    Run(ActorContext<Command> ctx, Scenario scenario, SimulationSettings settings) {
      this.ctx = ctx;
      this.scenario = scenario;
      this.settings = settings;
      ActorRef<Command> self = ctx.getSelf();
      this.relay = new EventRelay(scenario, event -> self.tell(new Published(event)));
      this.volumeStats = new CsvVolume.Stats[scenario.csvs().size()];
    }

    Behavior<Command> idle() {
      return Behaviors.receive(Command.class)
          .onMessage(Start.class, this::onStart)
          .onMessage(GetStatus.class, s -> reply(s, false))
          .onMessage(Subscribe.class, this::onSubscribe)
          .build();
    }

    private Behavior<Command> onSubscribe(Subscribe subscribe) {
      subscribers.add(subscribe.subscriber());
      relay.startWatching();
      return Behaviors.same();
    }

    private Behavior<Command> onPublished(Published published) {
      for (ActorRef<SimEvent> subscriber : subscribers) subscriber.tell(published.event());
      return Behaviors.same();
    }

    private Behavior<Command> onStart(Start start) {
      replyTo = start.replyTo();
      wallStart = System.nanoTime(); // wall time of the run, reported beside the simulated time
      ActorRef<Command> self = ctx.getSelf();
      Runnable finished = () -> self.tell(ClockFinished.INSTANCE);
      clock = settings.clock() == SimulationSettings.ClockKind.VIRTUAL
          ? new VirtualClock(scenario.endTime(), finished)
          : new WallClock(ctx.getSystem().scheduler(), ctx.getExecutionContext(), settings.speed(), scenario.endTime(), finished);
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, ctx.messageAdapter(DeadLetter.class, Dead::new)));
      spawnModel();
      SimClock.Sender kickoff = clock.sender("simulation");
      for (ActorRef<HyperVNode.Command> node : nodes) kickoff.tell(node, HyperVNode.IoTick.INSTANCE, 0);
      List<Scenario.ProtectionGroup> groups = scenario.dpm().protectionGroups();
      for (int g = 0; g < groups.size(); g++) {
        for (long timeOfDay : groups.get(g).scheduleTimesOfDay()) {
          long first = Math.floorMod(timeOfDay - scenario.startTimeOfDay(), Scenario.DAY);
          kickoff.tell(dpm, new DpmServer.ScheduleDue(g, timeOfDay), first);
        }
      }
      if (scenario.rebalancesCoordinators()) kickoff.tell(cluster, FailoverCluster.Rebalance.INSTANCE, 0);
      for (Scenario.FaultSpec fault : scenario.faults()) {
        switch (fault.kind()) {
          case OPERATOR_CLEAR -> kickoff.tell(volumes.get(fault.csv()), CsvVolume.OperatorClear.INSTANCE, fault.at());
          case REQUESTER_DEATH, SNAPSHOT_FAILURE, SNAPSHOT_TIMEOUT, STORAGE_PATH_LOSS ->
              kickoff.tell(nodes.get(fault.node()), new HyperVNode.InjectFault(fault), fault.at());
          case NODE_CRASH, NETWORK_PARTITION, LIVE_MIGRATION, NETWORK_DEGRADED ->
              kickoff.tell(cluster, new FailoverCluster.Fault(fault), fault.at());
          case DPM_RESTART -> kickoff.tell(dpm, new DpmServer.Restart(fault.duration()), fault.at());
        }
      }
      for (int m = 0; m < scenario.maintenance().size(); m++) {
        Scenario.MaintenanceSpec spec = scenario.maintenance().get(m);
        kickoff.tell(nodes.get(spec.node()), new HyperVNode.StartMaintenance(m), spec.at());
      }
      clock.start();
      scheduleCheck();
      return running();
    }

    private void spawnModel() {
      SupervisorStrategy stop = SupervisorStrategy.stop();
      storage = ctx.spawn(Behaviors.supervise(StorageArray.create(scenario, clock)).onFailure(stop), "storage");
      ctx.watch(storage);
      for (int n = 0; n < scenario.nodes().size(); n++) {
        ActorRef<HyperVNode.Command> node = ctx.spawn(
            Behaviors.supervise(HyperVNode.create(scenario, n, storage, clock, relay)).onFailure(stop), "node-" + n);
        ctx.watch(node);
        nodes.add(node);
      }
      for (int c = 0; c < scenario.csvs().size(); c++) {
        ActorRef<CsvVolume.Command> volume = ctx.spawn(
            Behaviors.supervise(CsvVolume.create(scenario, c, nodes, clock, relay)).onFailure(stop), "volume-" + c);
        ctx.watch(volume);
        volumes.add(volume);
      }
      dpm = ctx.spawn(Behaviors.supervise(DpmServer.create(scenario, nodes, storage, clock, relay)).onFailure(stop), "dpm");
      ctx.watch(dpm);
      cluster = ctx.spawn(Behaviors.supervise(FailoverCluster.create(scenario, nodes, volumes, dpm, clock, relay)).onFailure(stop), "cluster");
      ctx.watch(cluster);
      HyperVNode.Connect connect = new HyperVNode.Connect(nodes, volumes);
      for (ActorRef<HyperVNode.Command> node : nodes) node.tell(connect);
      if (scenario.rebalancesCoordinators()) {
        for (ActorRef<CsvVolume.Command> volume : volumes) volume.tell(new CsvVolume.Connect(cluster));
      }
    }

    private Behavior<Command> running() {
      return Behaviors.receive(Command.class)
          .onMessage(GetStatus.class, s -> reply(s, false))
          .onMessage(Subscribe.class, this::onSubscribe)
          .onMessage(Published.class, this::onPublished)
          .onMessage(Dead.class, this::onDeadLetter)
          .onMessageEquals(CheckProgress.INSTANCE, this::onCheckProgress)
          .onMessageEquals(ClockFinished.INSTANCE, this::onClockFinished)
          .onMessage(NodeStats.class, m -> collected(() -> nodeStats.add(m.stats())))
          .onMessage(VolumeStats.class, m -> collected(() -> volumeStats[indexOf(m.stats().name())] = m.stats()))
          .onMessage(StorageStats.class, m -> collected(() -> storageStats = m.stats()))
          .onMessage(DpmStats.class, m -> collected(() -> dpmStats = m.stats()))
          .onMessage(ClusterStats.class, m -> collected(() -> clusterStats = m.stats()))
          .onSignal(org.apache.pekko.actor.typed.Terminated.class, t -> {
            String cause = t instanceof org.apache.pekko.actor.typed.ChildFailed failed ? ": " + failed.getCause().getMessage() : "";
            throw new IllegalStateException("model actor " + t.getRef().path().name() + " failed" + cause);
          })
          .build();
    }

    private int indexOf(String volumeName) {
      for (int c = 0; c < scenario.csvs().size(); c++) if (scenario.csvs().get(c).name().equals(volumeName)) return c;
      throw new IllegalStateException("unknown volume " + volumeName);
    }

    private StallWatchdog watchdog;

    private void scheduleCheck() {
      ctx.scheduleOnce(java.time.Duration.ofSeconds(1), ctx.getSelf(), CheckProgress.INSTANCE);
    }

    private Behavior<Command> onCheckProgress() {
      if (watchdog == null) watchdog = new StallWatchdog(clock, settings.stallTimeout());
      String stalled = watchdog.check(System.nanoTime());
      if (stalled != null) {
        ctx.getLog().error("simulation '{}' {}", scenario.name(), stalled);
        return Behaviors.stopped();
      }
      scheduleCheck();
      return Behaviors.same();
    }

    private Behavior<Command> onDeadLetter(Dead dead) {
      if (clock != null) clock.deadLetter(dead.letter().message());
      return Behaviors.same();
    }

    private Behavior<Command> onClockFinished() {
      // Every model event was told before the clock finished, so before this: the stream is whole.
      SimEvent.RunEnded ended = new SimEvent.RunEnded(scenario.duration() / (double) Scenario.SECOND);
      for (ActorRef<SimEvent> subscriber : subscribers) subscriber.tell(ended);
      for (ActorRef<HyperVNode.Command> node : nodes) node.tell(new HyperVNode.CollectStats(ctx.messageAdapter(HyperVNode.Stats.class, NodeStats::new)));
      for (ActorRef<CsvVolume.Command> volume : volumes) volume.tell(new CsvVolume.CollectStats(ctx.messageAdapter(CsvVolume.Stats.class, VolumeStats::new)));
      storage.tell(new StorageArray.CollectStats(ctx.messageAdapter(StorageArray.Stats.class, StorageStats::new)));
      dpm.tell(new DpmServer.CollectStats(ctx.messageAdapter(DpmServer.Stats.class, DpmStats::new)));
      cluster.tell(new FailoverCluster.CollectStats(ctx.messageAdapter(FailoverCluster.Stats.class, ClusterStats::new)));
      return Behaviors.same();
    }

    private Behavior<Command> collected(Runnable store) {
      store.run();
      boolean all = nodeStats.size() == nodes.size() && storageStats != null && dpmStats != null && clusterStats != null
          && java.util.Arrays.stream(volumeStats).allMatch(java.util.Objects::nonNull);
      if (!all) return Behaviors.same();
      double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
      long messages = clock.handledCount();
      result = ResultAssembler.assemble(scenario, settings.clock().name().toLowerCase(), wallSeconds, messages,
          nodeStats, List.of(volumeStats), storageStats, dpmStats, clusterStats, clock.undelivered(),
          clock.maxMessagesInOneInstant(), clock.maxScheduled(), clock.fingerprint());
      for (ActorRef<?> child : ctx.getChildren()) ctx.unwatch(child);
      for (ActorRef<?> child : ctx.getChildren()) ctx.stop(child);
      replyTo.tell(result);
      return Behaviors.receive(Command.class)
          .onMessage(GetStatus.class, s -> reply(s, true))
          .onMessage(Start.class, s -> {
            s.replyTo().tell(result);
            return Behaviors.same();
          })
          .onMessage(Dead.class, d -> Behaviors.same())
          .onMessage(Subscribe.class, s -> Behaviors.same()) // the run is over: nothing more to see
          .onMessageEquals(CheckProgress.INSTANCE, Behaviors::same)
          .build();
    }

    private Behavior<Command> reply(GetStatus get, boolean finished) {
      double simulated = clock == null ? 0 : clock.now() / (double) Scenario.SECOND;
      long messages = clock == null ? 0 : clock.handledCount();
      get.replyTo().tell(new Status(simulated, scenario.duration() / (double) Scenario.SECOND, messages, finished));
      return Behaviors.same();
    }
  }
}

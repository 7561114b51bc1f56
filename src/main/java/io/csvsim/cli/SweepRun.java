package io.csvsim.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.csvsim.report.ComparisonReport.Row;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.sim.SimulationSettings;
import io.csvsim.sweep.RunReport;
import io.csvsim.sweep.SweepCluster;
import io.csvsim.sweep.SweepCoordinator;
import io.csvsim.sweep.SweepUnit;
import io.csvsim.sweep.SweepWorker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Subscribe;

/** The command line's side of a sweep on Pekko Cluster: the coordinator ({@code compare --cluster}) and the worker. */
final class SweepRun {
  private SweepRun() {}

  /**
   * What a cluster sweep gives back, in unit order: the rows, the reports (null where one was too
   * large to send), and the units that failed on their workers.
   */
  record Outcome(List<Row> rows, List<RunReport> reports, Map<Integer, String> failures) {}

  record HostPort(String host, int port) {
    static HostPort parse(String text, String option) {
      int colon = text.lastIndexOf(':');
      try {
        if (colon <= 0) throw new NumberFormatException();
        int port = Integer.parseInt(text.substring(colon + 1));
        if (port < 0 || port > 65535) throw new NumberFormatException();
        return new HostPort(text.substring(0, colon), port);
      } catch (NumberFormatException e) {
        throw new ScenarioException(option + " " + text + ": expected HOST:PORT, e.g. 127.0.0.1:25520");
      }
    }
  }

  static void checkOptions(String bind, int minWorkers, int localSlots, Config application) {
    tls(application);
    HostPort.parse(bind, "--bind");
    if (minWorkers < 0 || minWorkers > 10_000) throw new ScenarioException("--min-workers: expected 0 to 10000, got " + minWorkers);
    if (localSlots < 0 || localSlots > 1_000) throw new ScenarioException("--local-slots: expected 0 to 1000, got " + localSlots);
    if (minWorkers == 0 && localSlots == 0) throw new ScenarioException("--min-workers 0 with --local-slots 0: nothing would run the units");
  }

  /**
   * TLS for the transport when conf/application.conf names a key store (csvsim-cli.sweep.tls);
   * its password comes from the environment. Empty when TLS is not asked for.
   */
  static Config tls(Config application) {
    String path = "csvsim-cli.sweep.tls";
    if (!application.hasPath(path + ".key-store") || application.getString(path + ".key-store").isBlank()) return ConfigFactory.empty();
    String keyStore = application.getString(path + ".key-store");
    String trustStore = application.hasPath(path + ".trust-store") && !application.getString(path + ".trust-store").isBlank()
        ? application.getString(path + ".trust-store") : keyStore;
    for (String store : new String[] {keyStore, trustStore}) {
      if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(store))) {
        throw new ScenarioException(path + ": cannot read " + store + " (a PKCS#12 key or trust store)");
      }
    }
    String password = System.getenv(SweepCluster.TLS_PASSWORD_VARIABLE);
    if (password == null || password.isEmpty()) {
      throw new ScenarioException(path + ".key-store is set: put the stores' password in the environment variable "
          + SweepCluster.TLS_PASSWORD_VARIABLE);
    }
    return SweepCluster.tls(keyStore, trustStore, password);
  }

  private static Config at(HostPort where, Config application) {
    return ConfigFactory.parseString("pekko.remote.artery.canonical { hostname = \"" + where.host() + "\", port = " + where.port() + " }")
        .withFallback(tls(application))
        .withFallback(SweepCluster.config(application));
  }

  private enum Tick { INSTANCE }

  private record Batch(List<SweepUnit> units, CompletableFuture<SweepCoordinator.Finished> answer) {}

  private enum CloseSweep { INSTANCE }

  /** Becomes the sweep's coordinator at {@code bind}, waits for the workers, hands out the units and returns their rows. */
  static Outcome coordinate(List<SweepUnit> units, Config application, String bind, int minWorkers, int localSlots, PrintWriter progress) {
    try (Session session = open(application, bind, minWorkers, localSlots, progress)) {
      SweepCoordinator.Finished f = session.run(units);
      return new Outcome(f.rows(), f.reports(), f.failures());
    }
  }

  /**
   * A coordinator that workers join once and that runs batch after batch on them (a plan's rounds)
   * until it is closed; then the workers and this member leave.
   */
  static final class Session implements AutoCloseable {
    private final ActorSystem<Object> system;
    private final PrintWriter progress;

    private Session(ActorSystem<Object> system, PrintWriter progress) {
      this.system = system;
      this.progress = progress;
    }

    /** Hands the units out (their indices new to this session) and waits for their answer. */
    SweepCoordinator.Finished run(List<SweepUnit> units) {
      CompletableFuture<SweepCoordinator.Finished> answer = new CompletableFuture<>();
      system.getWhenTerminated().thenRun(() -> answer.completeExceptionally(new IllegalStateException("the coordinator's actor system stopped")));
      system.tell(new Batch(units, answer));
      try {
        return answer.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
    }

    @Override
    public void close() {
      system.tell(CloseSweep.INSTANCE);
      leave(system, progress, LEAVE_TIMEOUT);
    }
  }

  /** Becomes a sweep's coordinator at {@code bind}; units are handed out once {@code minWorkers} workers have joined. */
  static Session open(Config application, String bind, int minWorkers, int localSlots, PrintWriter progress) {
    HostPort where = HostPort.parse(bind, "--bind");
    Behavior<Object> guardian = Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      if (progress != null) progress.printf(Locale.ROOT, "csvsim: coordinator at %s; waiting for %d workers (csvsim worker --join %s:%d)%n",
          cluster.selfMember().address(), minWorkers, where.host(), where.port());
      ctx.scheduleOnce(Duration.ofMillis(500), ctx.getSelf(), Tick.INSTANCE);
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberEvent.class, e -> e), ClusterEvent.MemberEvent.class));
      ActorRef<SweepCoordinator.Progress> report = ctx.messageAdapter(SweepCoordinator.Progress.class, p -> p);
      ActorRef<SweepCoordinator.Command>[] coordinator = new ActorRef[1];
      List<Object> early = new java.util.ArrayList<>(); // batches (and a close) before enough workers joined
      java.util.function.Consumer<Object> forward = m -> {
        if (m instanceof Batch b) {
          ActorRef<SweepCoordinator.Finished> replyTo = ctx.spawnAnonymous(Behaviors.receive(SweepCoordinator.Finished.class)
              .onMessage(SweepCoordinator.Finished.class, f -> {
                b.answer().complete(f);
                return Behaviors.stopped();
              }).build());
          coordinator[0].tell(new SweepCoordinator.Submit(b.units(), replyTo));
        } else {
          coordinator[0].tell(SweepCoordinator.Close.INSTANCE);
        }
      };
      return Behaviors.receive(Object.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (coordinator[0] == null) {
              long workers = java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                  .filter(m -> m.status() == MemberStatus.up() && !m.equals(cluster.selfMember())).count();
              if (workers >= minWorkers) {
                coordinator[0] = ctx.spawn(SweepCoordinator.open(), "sweep");
                for (int i = 0; i < localSlots; i++) ctx.spawn(SweepWorker.create(SimulationSettings.virtual()), "local-slot-" + (i + 1));
                early.forEach(forward);
                early.clear();
              }
              ctx.scheduleOnce(Duration.ofMillis(500), ctx.getSelf(), Tick.INSTANCE);
            } else {
              coordinator[0].tell(new SweepCoordinator.GetProgress(report));
              ctx.scheduleOnce(Duration.ofSeconds(5), ctx.getSelf(), Tick.INSTANCE);
            }
            return Behaviors.same();
          })
          .onMessage(Batch.class, b -> {
            if (coordinator[0] == null) early.add(b);
            else forward.accept(b);
            return Behaviors.same();
          })
          .onMessageEquals(CloseSweep.INSTANCE, () -> {
            if (coordinator[0] == null) early.add(CloseSweep.INSTANCE);
            else forward.accept(CloseSweep.INSTANCE);
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberUp.class, up -> {
            if (progress != null && !up.member().equals(cluster.selfMember())) progress.println("csvsim: worker joined: " + up.member().address());
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberRemoved.class, gone -> {
            if (progress != null && !gone.member().equals(cluster.selfMember())) {
              progress.println("csvsim: worker " + (gone.previousStatus() == MemberStatus.down() ? "lost" : "left") + ": " + gone.member().address());
            }
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberEvent.class, other -> Behaviors.same())
          .onMessage(SweepCoordinator.Progress.class, p -> {
            if (progress != null) {
              progress.printf(Locale.ROOT, "csvsim: %d of %d units done; running %s; slots lost %d%n", p.done(), p.total(),
                  p.runningPerMember().isEmpty() ? "none" : p.runningPerMember(), p.slotsLost());
              progress.flush();
            }
            return Behaviors.same();
          })
          .build();
    });
    return new Session(ActorSystem.create(guardian, SweepCluster.SYSTEM_NAME, at(where, application)), progress);
  }

  /**
   * How long a member waits for its ActorSystem to end. Over TLS, Pekko's Artery can leave a
   * remoting stream open for good while it stops; the sweep's results are complete by then, so the
   * process goes on (and exits) rather than hang.
   */
  static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Leaves the cluster gracefully (terminate runs coordinated shutdown, whose phases leave the
   * cluster, so the others see it go at once) and waits for the system to end, at most
   * {@code timeout}. Not runAll: on a system that already ended (a worker's does once its slots
   * stop) its future never completes. True if it ended in time.
   */
  static boolean leave(ActorSystem<?> system, PrintWriter log, Duration timeout) {
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException ignored) {
      return true; // it ended, if not cleanly
    } catch (TimeoutException e) {
      if (log != null) {
        log.printf(Locale.ROOT, "csvsim: warning: %s did not stop within %d s (a remoting stream stayed open); its work is done, going on%n",
            system.address(), timeout.toSeconds());
        log.flush();
      }
    }
    return false;
  }

  /** Joins the coordinator at {@code join} with {@code slots} worker slots; true once the sweep is over, false if it never joined. */
  static boolean work(String join, String bindHost, int slots, Config application, PrintWriter log) {
    HostPort coordinator = HostPort.parse(join, "--join");
    Config config = ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"pekko://" + SweepCluster.SYSTEM_NAME + "@" + coordinator.host()
        + ":" + coordinator.port() + "\"]").withFallback(at(new HostPort(bindHost, 0), application));
    CompletableFuture<Boolean> finished = new CompletableFuture<>();
    Behavior<Void> guardian = Behaviors.setup(ctx -> {
      for (int i = 0; i < slots; i++) ctx.watch(ctx.spawn(SweepWorker.create(SimulationSettings.virtual()), "slot-" + (i + 1)));
      int[] running = {slots};
      return Behaviors.<Void>receive((c, m) -> Behaviors.same(), (c, signal) -> {
        if (signal instanceof Terminated && --running[0] == 0) {
          finished.complete(true);
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
    ActorSystem<Void> system = ActorSystem.create(guardian, SweepCluster.SYSTEM_NAME, config);
    log.printf(Locale.ROOT, "csvsim: worker %s joining %s with %d slots%n", Cluster.get(system).selfMember().address(), join, slots);
    log.flush();
    system.getWhenTerminated().thenRun(() -> finished.complete(false)); // shut down without finishing: it could not join
    try {
      boolean ok = finished.get();
      leave(system, log, LEAVE_TIMEOUT);
      return ok;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }
}

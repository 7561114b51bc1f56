package io.csvsim.model;

import io.csvsim.clock.SimClock;
import io.csvsim.model.IoProtocol.CarriesOps;
import io.csvsim.model.IoProtocol.OpBatch;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.ServiceTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The shared storage array: one controller serving every node's ops first come first served,
 * with finite IOPS and bandwidth, plus a base latency. It merges the ops that reach it in arrival
 * order, serves them, and tells each VM's node when each op completes. The senders spread ops in
 * time and record latencies, so that this actor, the one sequential part, does only the queue.
 */
public final class StorageArray extends AbstractBehavior<StorageArray.Command> {

  public sealed interface Command {}

  /** Ops arriving at the array: a node's own (direct) or a coordinator's redirected ones. */
  public record Io(OpBatch batch) implements Command, CarriesOps {
    @Override
    public void addOpsTo(long[] opsPerVm) {
      batch.addOpsTo(opsPerVm);
    }
  }

  /** Bytes per second the DPM backup transfers currently read from the array. */
  public record BackupReadRate(double bytesPerSecond) implements Command {}

  public record CollectStats(ActorRef<Stats> replyTo) implements Command {}

  private enum Flush implements Command { INSTANCE }

  public record Stats(
      long[] pendingOps, double busyMicros, long opsServed, long maxOpsPerFlush, double backupBytesRead, double meanWaitMicros,
      double[] opsPerBucket, double[] bytesPerBucket, double[] busyMicrosPerBucket) {}

  public static Behavior<Command> create(Scenario scenario, SimClock clock) {
    return clock.instrument(Behaviors.setup(ctx -> new StorageArray(ctx, scenario, clock)));
  }

  private final Scenario scenario;
  private final VmTable table;
  private final SimClock.Sender out;
  private final SplittableRandom random;
  private final long collectDelay;
  private final List<OpBatch> arrived = new ArrayList<>();
  private final OpBuffer ops = new OpBuffer();
  private int[] order = new int[1024];
  private long[] done = new long[1024];
  private final FcfsServer controller = new FcfsServer();
  private final TimeBuckets buckets;
  private final double[] opsPerBucket;
  private final double[] bytesPerBucket;
  private final double[] busyPerBucket;
  private boolean flushScheduled;
  private long maxOpsPerFlush;
  private double backupRate;
  private long backupRateSince;
  private double backupBytesRead;

  private StorageArray(ActorContext<Command> ctx, Scenario scenario, SimClock clock) {
    super(ctx);
    this.scenario = scenario;
    this.table = new VmTable(scenario);
    this.out = clock.sender(ctx.getSelf().path().name());
    this.random = Sampling.random(scenario.seed(), "storage");
    // Redirected ops of a tick reach the array one network hop (plus the NIC's flush step) after
    // the direct ones; wait that long so that one flush merges them in arrival order.
    this.collectDelay = scenario.network().latency() + 2;
    this.buckets = new TimeBuckets(scenario);
    this.opsPerBucket = new double[buckets.count()];
    this.bytesPerBucket = new double[buckets.count()];
    this.busyPerBucket = new double[buckets.count()];
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Io.class, this::onIo)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(BackupReadRate.class, this::onBackupRate)
        .onMessage(CollectStats.class, this::onCollect)
        .build();
  }

  private Behavior<Command> onIo(Io io) {
    arrived.add(io.batch());
    if (!flushScheduled) {
      flushScheduled = true;
      out.tell(getContext().getSelf(), Flush.INSTANCE, collectDelay);
    }
    return this;
  }

  private Behavior<Command> onBackupRate(BackupReadRate rate) {
    long now = out.now();
    backupBytesRead += backupRate * (now - backupRateSince) / Scenario.SECOND;
    backupRate = rate.bytesPerSecond();
    backupRateSince = now;
    return this;
  }

  private Behavior<Command> onFlush() {
    flushScheduled = false;
    ops.clear();
    int[] starts = new int[arrived.size()];
    for (int b = 0; b < arrived.size(); b++) starts[b] = ops.addAll(arrived.get(b));
    serve();
    for (int b = 0; b < arrived.size(); b++) {
      OpBatch batch = arrived.get(b);
      long[] completions = Arrays.copyOfRange(done, starts[b], starts[b] + batch.size());
      for (int i = 0; i < completions.length; i++) completions[i] += batch.returnLatency();
      out.tell(batch.replyTo(), new HyperVNode.IoCompleted(batch, completions), Math.max(1, batch.returnLatency()));
    }
    arrived.clear();
    return this;
  }

  /** Serves the flush's ops in arrival order; {@code done[i]} is when op i leaves the array. */
  private void serve() {
    int n = ops.size;
    if (n == 0) return;
    maxOpsPerFlush = Math.max(maxOpsPerFlush, n);
    order = ops.order(order);
    if (done.length < n) done = new long[ops.vm.length];
    double slowdown = 1.0 / (1.0 - Math.min(0.9, backupRate / scenario.storage().bandwidth()));
    boolean exponential = scenario.storage().serviceTime() == ServiceTime.EXPONENTIAL;
    long base = scenario.storage().baseLatency();
    for (int j = 0; j < n; j++) {
      int i = order[j];
      int vm = ops.vm[i];
      boolean write = random.nextDouble() >= table.readRatio[vm];
      double mean = (write ? table.writeServiceMicros[vm] : table.readServiceMicros[vm]) * slowdown;
      double service = exponential ? Sampling.exponential(random, mean) : mean;
      double finish = controller.serve(ops.arrival[i], service);
      done[i] = (long) Math.ceil(finish) + base;
      // A service lasts microseconds, a bucket minutes: credit it all to the bucket it starts in.
      int bucket = buckets.of(finish - service);
      opsPerBucket[bucket]++;
      bytesPerBucket[bucket] += table.ioSize[vm];
      busyPerBucket[bucket] += service;
    }
  }

  private Behavior<Command> onCollect(CollectStats collect) {
    // Ops still waiting for a flush when the run stopped are in flight.
    long[] pending = new long[scenario.vms().size()];
    for (OpBatch batch : arrived) batch.addOpsTo(pending);
    double bytes = backupBytesRead + backupRate * (scenario.endTime() - backupRateSince) / Scenario.SECOND;
    collect.replyTo().tell(new Stats(pending, controller.busyMicros(), controller.served(), maxOpsPerFlush, bytes,
        controller.meanWaitMicros(), opsPerBucket.clone(), bytesPerBucket.clone(), busyPerBucket.clone()));
    return this;
  }
}

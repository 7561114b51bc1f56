package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.internal.clock.VirtualClock;
import io.csvsim.internal.model.Recorder.Received;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;

/** One actor under test on a virtual clock, with recorders standing in for its collaborators. */
final class ClockRig {
  final ActorTestKit kit;
  final VirtualClock clock;
  final SimClock.Sender driver;
  private final CountDownLatch done = new CountDownLatch(1);

  ClockRig(ActorTestKit kit, long endTime) {
    this.kit = kit;
    this.clock = new VirtualClock(endTime, done::countDown);
    this.driver = clock.sender("driver");
  }

  /** A recorder collaborator and the probe that sees what it received. */
  final class Stand<T> {
    private final Queue<Received<T>> received = new ConcurrentLinkedQueue<>();
    final ActorRef<T> ref = kit.spawn(Recorder.create(clock, received));

    /** Everything received, in order: complete once {@link #run} has returned. */
    List<Received<T>> all() {
      return List.copyOf(received);
    }

    <M> List<M> only(Class<M> type) {
      return all().stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
    }
  }

  <T> Stand<T> stand() {
    return new Stand<>();
  }

  <T> void at(long time, ActorRef<T> target, T message) {
    driver.tell(target, message, time);
  }

  void run() throws InterruptedException {
    clock.start();
    assertTrue(done.await(60, TimeUnit.SECONDS), "the clock did not finish");
  }
}

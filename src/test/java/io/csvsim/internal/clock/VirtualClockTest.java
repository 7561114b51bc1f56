package io.csvsim.internal.clock;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class VirtualClockTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  /** A message that knows when it must be delivered. */
  record Hop(long due, int budget, long payload) {}

  /**
   * A web of actors that each, on every message, check the clock at the start and at the end of
   * the handler, do some work, and fan out further messages with random delays to random peers.
   */
  static final class Web {
    final VirtualClock clock;
    final List<ActorRef<Hop>> actors = new ArrayList<>();
    final AtomicInteger wrongTime = new AtomicInteger();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final List<ConcurrentLinkedQueue<String>> logs = new ArrayList<>();
    final CountDownLatch finished = new CountDownLatch(1);

    Web(ActorTestKit kit, int size, long seed, long endTime) {
      clock = new VirtualClock(endTime, finished::countDown);
      for (int i = 0; i < size; i++) logs.add(new ConcurrentLinkedQueue<>());
      for (int i = 0; i < size; i++) {
        int me = i;
        SimClock.Sender out = clock.sender("actor-" + i);
        SplittableRandom random = new SplittableRandom(seed * 31 + i);
        Behavior<Hop> behavior = Behaviors.receive(Hop.class).onMessage(Hop.class, hop -> {
          if (clock.now() != hop.due()) wrongTime.incrementAndGet();
          received.incrementAndGet();
          logs.get(me).add(hop.due() + ":" + hop.payload());
          long work = 0;
          for (int k = 0; k < 2_000; k++) work += (work ^ k) * 31;
          if (hop.budget() > 0) {
            int fanOut = 1 + random.nextInt(3);
            for (int f = 0; f < fanOut; f++) {
              long delay = 1 + random.nextInt(5);
              ActorRef<Hop> to = actors.get(random.nextInt(actors.size()));
              sent.incrementAndGet();
              out.tell(to, new Hop(clock.now() + delay, hop.budget() - 1 - f, hop.payload() * 7 + f + (work & 1)), delay);
            }
          }
          if (clock.now() != hop.due()) wrongTime.incrementAndGet();
          return Behaviors.same();
        }).build();
        actors.add(kit.spawn(clock.instrument(behavior)));
      }
      SimClock.Sender seedSender = clock.sender("seed");
      for (int i = 0; i < size; i++) {
        sent.incrementAndGet();
        seedSender.tell(actors.get(i), new Hop(0, 12, i), 0);
      }
    }

    void runToEnd() throws InterruptedException {
      clock.start();
      assertTrue(finished.await(60, TimeUnit.SECONDS), "clock never finished");
    }
  }

  @Test
  void everyMessageIsHandledAtItsInstantAndTimeNeverMovesWhileOneIsInFlight() throws Exception {
    Web web = new Web(testKit, 40, 1, Long.MAX_VALUE);
    web.runToEnd();
    assertEquals(0, web.wrongTime.get(), "handlers saw a time other than their message's");
    assertEquals(web.sent.get(), web.received.get(), "every message sent was delivered");
    assertEquals(web.sent.get(), web.clock.handledCount());
    assertTrue(web.sent.get() > 10_000, "the web should be busy, sent " + web.sent.get());
  }

  @Test
  void eachActorSeesTheSameMessagesInTheSameOrderWhateverTheThreads() throws Exception {
    ActorTestKit oneThread = ActorTestKit.create("one", ConfigFactory.parseString(
        "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-max = 1 }"));
    ActorTestKit manyThreads = ActorTestKit.create("many", ConfigFactory.parseString(
        "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 8, parallelism-max = 8 }\n"
            + "pekko.actor.default-dispatcher.throughput = 1"));
    try {
      Web a = new Web(oneThread, 30, 7, Long.MAX_VALUE);
      a.runToEnd();
      Web b = new Web(manyThreads, 30, 7, Long.MAX_VALUE);
      b.runToEnd();
      for (int i = 0; i < 30; i++) {
        List<String> one = List.copyOf(a.logs.get(i));
        List<String> many = List.copyOf(b.logs.get(i));
        int k = 0;
        while (k < Math.min(one.size(), many.size()) && one.get(k).equals(many.get(k))) k++;
        assertTrue(k == one.size() && k == many.size(), "actor " + i + " histories differ at message " + k);
      }
    } finally {
      oneThread.shutdownTestKit();
      manyThreads.shutdownTestKit();
    }
  }

  @Test
  void nothingIsDeliveredAfterTheEndAndTheRestIsReturned() throws Exception {
    Web web = new Web(testKit, 10, 3, 8);
    web.runToEnd();
    assertEquals(0, web.wrongTime.get());
    assertTrue(web.clock.now() <= 8);
    List<Object> rest = web.clock.undelivered();
    assertFalse(rest.isEmpty(), "messages due after the end stay undelivered");
    assertEquals(web.sent.get(), web.received.get() + rest.size(), "every message is either delivered or returned");
    for (Object o : rest) assertTrue(((Hop) o).due() > 8);
  }

  @Test
  void aMessageToAStoppedActorDoesNotStopTime() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    VirtualClock clock = new VirtualClock(100, finished::countDown);
    ActorRef<String> stopper = testKit.spawn(clock.instrument(Behaviors.receive(String.class)
        .onMessage(String.class, s -> Behaviors.stopped()).build()));
    AtomicInteger late = new AtomicInteger();
    ActorRef<String> survivor = testKit.spawn(clock.instrument(Behaviors.receive(String.class)
        .onMessage(String.class, s -> {
          late.incrementAndGet();
          return Behaviors.same();
        }).build()));
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> seen = testKit.createTestProbe();
    ActorRef<org.apache.pekko.actor.DeadLetter> listener = testKit.spawn(Behaviors.receive(org.apache.pekko.actor.DeadLetter.class)
        .onMessage(org.apache.pekko.actor.DeadLetter.class, d -> {
          if (!clock.deadLetter(d.message())) seen.ref().tell(d.message());
          return Behaviors.same();
        }).build());
    testKit.system().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Subscribe<>(
        org.apache.pekko.actor.DeadLetter.class, listener));
    // Subscribing is asynchronous: wait until a dead letter of our own reaches the listener.
    ActorRef<String> gone = testKit.spawn(Behaviors.stopped());
    seen.awaitAssert(() -> {
      gone.tell("ping");
      seen.expectMessage(Duration.ofMillis(200), "ping");
      return null;
    });
    SimClock.Sender out = clock.sender("test");
    out.tell(stopper, "stop", 0);
    out.tell(stopper, "too late", 5);
    out.tell(survivor, "after", 10);
    clock.start();
    assertTrue(finished.await(30, TimeUnit.SECONDS), "time stopped at a dead letter");
    assertEquals(1, late.get());
    assertEquals(10, clock.now());
  }

  @Test
  void aSendWithoutDelayIsRefusedOnceRunning() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    VirtualClock clock = new VirtualClock(10, finished::countDown);
    AtomicInteger refused = new AtomicInteger();
    SimClock.Sender out = clock.sender("self");
    ActorRef<String>[] self = new ActorRef[1];
    self[0] = testKit.spawn(clock.instrument(Behaviors.receive(String.class).onMessage(String.class, s -> {
      try {
        out.tell(self[0], "again", 0);
      } catch (IllegalArgumentException e) {
        refused.incrementAndGet();
      }
      return Behaviors.same();
    }).build()));
    out.tell(self[0], "go", 0);
    clock.start();
    assertTrue(finished.await(30, TimeUnit.SECONDS));
    assertEquals(1, refused.get());
  }

  @Test
  void sendsFromAThreadOutsideTheClockAreNeverDueBeforeTheInstantUnderWay() throws Exception {
    // The clock reads now under the lock that moves it: a send racing an advance cannot be due in the past.
    Web web = new Web(testKit, 30, 5, 3_000);
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    ActorRef<String> monitor = testKit.spawn(web.clock.instrument(Behaviors.receive(String.class).onMessage(String.class, s -> {
      seen.add(web.clock.now());
      return Behaviors.same();
    }).build()));
    SimClock.Sender outsider = web.clock.sender("outsider");
    AtomicLong sends = new AtomicLong();
    Thread racer = new Thread(() -> {
      // Bounded: an unbounded racer would add messages faster than instants can pass.
      while (web.finished.getCount() > 0 && sends.get() < 20_000) {
        outsider.tell(monitor, "tick", SimClock.NEXT_INSTANT);
        sends.incrementAndGet();
      }
    });
    racer.start();
    web.runToEnd();
    racer.join();
    assertEquals(0, web.wrongTime.get());
    assertTrue(sends.get() > 100, "the outsider raced the clock: " + sends.get() + " sends");
    long last = Long.MIN_VALUE;
    for (long t : seen) {
      assertTrue(t >= last, "time went back from " + last + " to " + t);
      last = t;
    }
  }

  @Test
  void aPlainMessageToAModelActorWhileTheClockRunsIsRefused() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    VirtualClock clock = new VirtualClock(100, finished::countDown);
    ActorRef<String> target = testKit.spawn(clock.instrument(Behaviors.receive(String.class)
        .onMessage(String.class, s -> Behaviors.same()).build()), "model-actor");
    ActorRef<String> sender = testKit.spawn(clock.instrument(Behaviors.receive(String.class).onMessage(String.class, s -> {
      target.tell("around the clock"); // not through a SimClock.Sender
      return Behaviors.same();
    }).build()));
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> watcher = testKit.createTestProbe();
    SimClock.Sender test = clock.sender("test");
    test.tell(sender, "go", 5);
    // Released only once "go" is handled, so it queues behind the plain message: the clock still runs.
    test.tell(target, "keeps the clock running", 90);
    clock.start();
    watcher.expectTerminated(target);
  }

  record Wire(String peer) implements SimClock.Wiring {}

  @Test
  void wiringToldBeforeTheStartIsTakenButNotOnceTheActorHasSeenTheClock() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    VirtualClock clock = new VirtualClock(100, finished::countDown);
    ConcurrentLinkedQueue<String> wired = new ConcurrentLinkedQueue<>();
    ActorRef<Object> target = testKit.spawn(clock.instrument(Behaviors.receive(Object.class)
        .onMessage(Wire.class, w -> {
          wired.add(w.peer());
          return Behaviors.same();
        })
        .onMessage(String.class, s -> Behaviors.same()).build()), "wired-actor");
    SimClock.Sender test = clock.sender("test");
    test.tell(target, "first", 5);
    target.tell(new Wire("before the start"));
    clock.start();
    assertTrue(finished.await(30, TimeUnit.SECONDS));
    assertEquals(List.of("before the start"), List.copyOf(wired));

    CountDownLatch second = new CountDownLatch(1);
    VirtualClock running = new VirtualClock(1_000_000, second::countDown);
    ActorRef<Object> late = testKit.spawn(running.instrument(Behaviors.<Object>setup(ctx -> Behaviors.receive(Object.class)
        .onMessage(Wire.class, w -> Behaviors.same())
        .onMessage(String.class, s -> {
          ctx.getSelf().tell(new Wire("after an envelope"));
          return Behaviors.same();
        }).build())), "wired-late");
    SimClock.Sender test2 = running.sender("test");
    test2.tell(late, "seen", 0);
    test2.tell(late, "keeps the clock running", 900_000);
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> watcher = testKit.createTestProbe();
    running.start();
    watcher.expectTerminated(late);
  }

  @Test
  void aStalledInstantNamesTheActorsHoldingItsMessages() throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    VirtualClock clock = new VirtualClock(100, finished::countDown);
    StuckActor stuck = new StuckActor(testKit, clock, "stuck-actor");
    ActorRef<String> fine = testKit.spawn(clock.instrument(Behaviors.receive(String.class)
        .onMessage(String.class, s -> Behaviors.same()).build()), "fine-actor");
    SimClock.Sender out = clock.sender("test");
    out.tell(stuck.ref, "wait", 5);
    out.tell(fine, "ok", 5);
    clock.start();
    try (stuck) {
      stuck.awaitStuck();
      testKit.createTestProbe().awaitAssert(() -> {
        assertEquals(List.of("stuck-actor holds String (due at 5 us)"), clock.inFlight());
        return null;
      });
      assertEquals(1, clock.pending());
      assertEquals(5, clock.now(), "time waits for the stuck handler");
    }
    assertTrue(finished.await(30, TimeUnit.SECONDS));
    assertTrue(clock.inFlight().isEmpty());
  }
}

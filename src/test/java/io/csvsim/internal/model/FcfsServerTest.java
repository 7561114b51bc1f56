package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FcfsServerTest {

  @Test
  void poissonArrivalsWithExponentialServiceMatchTheMM1MeanWait() {
    double lambda = 0.008; // per µs
    double mu = 0.01;
    SplittableRandom random = new SplittableRandom(42);
    FcfsServer server = new FcfsServer();
    double t = 0;
    for (int i = 0; i < 2_000_000; i++) {
      t += Sampling.exponential(random, 1 / lambda);
      server.serve(t, Sampling.exponential(random, 1 / mu));
    }
    double rho = lambda / mu;
    double expected = rho / (mu - lambda);
    assertEquals(expected, server.meanWaitMicros(), 0.05 * expected);
    assertEquals(rho, server.busyMicros() / t, 0.02);
  }

  @Test
  void spacedArrivalsNeverWaitAndABurstQueues() {
    FcfsServer server = new FcfsServer();
    for (int i = 0; i < 10; i++) assertEquals(i * 10 + 5, server.serve(i * 10, 5), 1e-9);
    assertEquals(0, server.waitMicros(), 1e-9);
    FcfsServer burst = new FcfsServer();
    for (int i = 0; i < 4; i++) burst.serve(0, 5);
    assertEquals(0 + 5 + 10 + 15, burst.waitMicros(), 1e-9);
  }
}

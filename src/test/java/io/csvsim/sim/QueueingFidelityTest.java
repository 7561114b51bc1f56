package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.VmResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.Scenario.VmSpec;
import io.csvsim.scenario.TestScenarios;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queues against queueing theory: what one VM sees must not depend on how other VMs' ops travel. */
@ExtendWith(LogCapturingExtension.class)
class QueueingFidelityTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  // node-c's VMs (Volume2, coordinated by node-b) load node-b's NIC to about 88% when redirected;
  // the bystander runs on node-a, on Volume1, and never crosses a NIC.
  static final String CLUSTER = """
      csvsim {
        scenario { start-time = "20:00", duration = 20m }
        cluster {
          nodes = [{ name = node-a }, { name = node-b }, { name = node-c }]
          csvs = [{ name = Volume1, coordinator = node-a }, { name = Volume2, coordinator = node-b }]
          vms = [
            { name = bystander, node = node-a, csv = Volume1, iops = 200 }
            { name = heavy1, node = node-c, csv = Volume2, iops = 350, io-size = 64KiB }
            { name = heavy2, node = node-c, csv = Volume2, iops = 350, io-size = 64KiB }
            { name = heavy3, node = node-c, csv = Volume2, iops = 350, io-size = 64KiB }
            { name = heavy4, node = node-c, csv = Volume2, iops = 350, io-size = 64KiB }
          ]
        }
        dpm.protection-groups = []
      }
      """;

  // node-c loses its path: all its I/O goes redirected through node-b. Two minutes of a network
  // twice as slow overload node-b's NIC, whose backlog then takes about ten minutes to drain: for
  // that long its ops reach the array well after the ticks they were issued in.
  static final String REDIRECTED = "faults = [{ at = \"20:00\", kind = storage-path-loss, node = node-c, for = 1h },"
      + " { at = \"20:05\", kind = network-degraded, factor = 2, for = 2m }]";

  static VmResult vm(SimulationResult r, String name) {
    return r.vms().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  /** Pollaczek-Khinchine: the mean wait (ms) of an M/G/1 queue fed every VM's ops at the array. */
  static double pollaczekKhinchineMs(Scenario s) {
    double service = 0;
    double serviceSquared = 0;
    for (VmSpec vm : s.vms()) {
      double read = s.storage().meanServiceMicros(vm.ioSizeBytes(), false);
      double write = s.storage().meanServiceMicros(vm.ioSizeBytes(), true);
      service += vm.iops() * (vm.readRatio() * read + (1 - vm.readRatio()) * write);
      serviceSquared += vm.iops() * (vm.readRatio() * read * read + (1 - vm.readRatio()) * write * write);
    }
    double rho = service / 1e6; // sum of lambda E[S]
    return serviceSquared / 1e12 / (2 * (1 - rho)) * 1000; // sum of lambda E[S^2], over 2 (1 - rho)
  }

  @Test
  void everyLatencySaysWhatItIsMadeOf() {
    // The hardware provider moves each CSV's coordinator for every job: ops issued during a 2 s
    // move wait at their node, and they, not the redirect, make the worst redirected p99.
    Scenario s = io.csvsim.scenario.ScenarioLoader.withReference().load(java.nio.file.Path.of("conf/scenarios/dpm-recommended.conf"),
        java.util.List.of("vss.provider = hardware", "scenario.duration = 2h"), null);
    SimulationResult r = Simulations.run(testKit, s);
    assertTrue(r.invariantsHold(), r.invariantViolations().toString());
    VmResult worst = r.vms().stream().max(java.util.Comparator.comparingDouble(v -> v.latencyMs().redirected().p99())).orElseThrow();
    SimulationResult.Latency red = worst.latencyMs().redirected();
    assertEquals("ownership-move", red.tailCause(), "ops held during ownership moves dominate the tail");
    assertTrue(red.p99() > 100 && red.p99NotHeld() < 10, "p99 " + red.p99() + " ms, without held ops " + red.p99NotHeld() + " ms");
    assertTrue(red.heldOps().get("ownership-move") > 0);
    double parts = red.breakdownMs().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(red.mean(), parts, 0.01 * red.mean() + 0.002, "the parts add up to the mean: " + red.breakdownMs());
    double network = 2 * (s.network().latency() + s.storage().fabricLatency()) / 1000.0;
    assertEquals(network, red.breakdownMs().get("network"), 0.01, "two hops each way");
    for (VmResult vm : r.vms()) {
      SimulationResult.Latency direct = vm.latencyMs().direct();
      assertEquals(0, direct.breakdownMs().get("coordinator-nic"), 1e-9, vm.name() + ": direct ops cross no NIC");
      assertEquals(2 * s.storage().fabricLatency() / 1000.0, direct.breakdownMs().get("network"), 0.001);
    }
    assertTrue(io.csvsim.report.TextReport.render(r).contains("worst redirected p99: " + String.format(java.util.Locale.ROOT, "%.2f", red.p99())
        + " ms (" + worst.name() + "): mostly ops held while the CSV moved to a new coordinator"), "the headline names the cause");

    // A loaded coordinator NIC is named when it is the NIC's queue that makes the tail.
    SimulationResult nic = Simulations.run(testKit, TestScenarios.load(CLUSTER, REDIRECTED));
    SimulationResult.Latency heavy = vm(nic, "heavy1").latencyMs().redirected();
    assertEquals("coordinator-nic", heavy.tailCause());
    assertTrue(heavy.breakdownMs().get("coordinator-nic") > heavy.breakdownMs().get("array"), heavy.breakdownMs().toString());
  }

  @Test
  void aBystanderIsUntouchedByAnotherCsvsRedirectLoadAndTheArrayWaitsAsPollaczekKhinchineSays() {
    Scenario direct = TestScenarios.load(CLUSTER);
    Scenario redirected = TestScenarios.load(CLUSTER, REDIRECTED);
    SimulationResult alone = Simulations.run(testKit, direct);
    SimulationResult loaded = Simulations.run(testKit, redirected);
    assertTrue(alone.invariantsHold() && loaded.invariantsHold(), loaded.invariantViolations().toString());

    SimulationResult.NodeResult nic = loaded.nodes().stream().filter(n -> n.name().equals("node-b")).findFirst().orElseThrow();
    assertTrue(nic.nicMeanWaitMs() > 1000, "node-b's NIC backlog outlasts many ticks: mean wait " + nic.nicMeanWaitMs() + " ms");

    double before = vm(alone, "bystander").latencyMs().direct().mean();
    double after = vm(loaded, "bystander").latencyMs().direct().mean();
    assertEquals(before, after, 0.01 * before, "the bystander's direct latency, alone " + before + " ms, with the redirect load " + after + " ms");

    double expected = pollaczekKhinchineMs(direct);
    assertEquals(expected, alone.storage().meanWaitMs(), 0.05 * expected, "Poisson arrivals at the array");
    // node-b's NIC evens out the ops it passes on (at most one per NIC service time, longer than the
    // array's): they queue less than Poisson ones would, so M/G/1 is the bound.
    assertTrue(loaded.storage().meanWaitMs() > 0 && loaded.storage().meanWaitMs() <= 1.05 * expected,
        "with the redirect load: " + loaded.storage().meanWaitMs() + " ms against M/G/1's " + expected + " ms");
  }
}

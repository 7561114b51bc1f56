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

package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The coordinator's NIC alone: first come first served across the runs of several nodes, then on to the array. */
class CoordinatorNicTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  private static OpRun run(ActorRef<HyperVNode.Command> from, int vm, double... arrivals) {
    OpRun.Builder b = new OpRun.Builder();
    for (double a : arrivals) b.add(vm, (long) a, a, 100f);
    return b.build(from, true, 0);
  }

  @Test
  void opsFromTwoNodesAreServedInArrivalOrderAndThoseNotYetArrivedWait() {
    Scenario s = TestScenarios.explicit(3, 1, 3); // vm-1 on node-1, vm-2 on node-2, both redirected through node-0
    VmTable table = new VmTable(s);
    CoordinatorNic nic = new CoordinatorNic(s, table, new SplittableRandom(1), new TimeBuckets(s));
    ActorRef<HyperVNode.Command> a = testKit.<HyperVNode.Command>createTestProbe().ref();
    ActorRef<HyperVNode.Command> b = testKit.<HyperVNode.Command>createTestProbe().ref();
    nic.accept(run(a, 1, 0, 1_000, 5_000), false);
    nic.accept(run(b, 2, 500, 1_200), false);
    double service = table.nicServiceMicros[1]; // deterministic: per-op overhead plus the op's bytes on the link
    long fabric = s.storage().fabricLatency();

    OpRun out = nic.flush(2_000); // the op arriving at 5,000 has not arrived yet
    assertEquals(4, out.size());
    double[] arrivals = {0, 500, 1_000, 1_200};
    double finish = 0;
    for (int i = 0; i < 4; i++) {
      finish = Math.max(finish, arrivals[i]) + service;
      assertEquals(finish + fabric, out.arrival(i), 1e-6, "op " + i + " reaches the array when the NIC is done with it");
      assertEquals(finish - arrivals[i], out.nicMicros(i), 1e-3, "op " + i + "'s time at the NIC, queueing included (kept as a float)");
    }
    assertEquals(1, out.vm(0));
    assertEquals(2, out.vm(1), "node-b's op at 500 goes before node-a's at 1,000");
    assertEquals(4, nic.served());
    assertEquals(4 * service, nic.busyMicros(2_000), 1e-6);

    assertNull(nic.flush(3_000), "nothing arrived in between");
    assertEquals(1, nic.flush(6_000).size());
  }
}

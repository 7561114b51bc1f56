package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The link shares itself equally among the transfers in progress (processor sharing) and never idles while one runs. */
class BackupLinkTest {
  private static final long S = Scenario.SECOND;

  @Test
  void aLinkFasterThanTheArrayCanBeReadWaitsForTheArray() {
    // 10 GbE to DPM (1 GB/s after efficiency) from an array of 800 MB/s, of which backups get 90%.
    Scenario scenario = TestScenarios.explicit(2, 1, 2, "dpm.backup-network.bandwidth = 1250MB", "storage.bandwidth = 800MB");
    BackupLink link = new BackupLink(scenario, new TimeBuckets(scenario));
    link.start(1, 720_000_000L, -1, 0);
    assertEquals(720e6, link.totalRate(), 1e-6, "the array's 90%, not the link's 1 GB/s");
    link.start(2, 720_000_000L, -1, 0);
    assertEquals(360e6, link.rateOf(2), 1e-6);
    assertEquals(2 * S, link.untilNextEnd(), 1, "both together take as long as the array needs to read them");
  }

  @Test
  void twoTransfersShareTheLinkAndTheShorterEndsFirstThenTheOtherGetsItAll() {
    Scenario scenario = TestScenarios.explicit(2, 1, 2);
    double rate = scenario.dpm().transferRate(); // bytes per second for the whole link
    BackupLink link = new BackupLink(scenario, new TimeBuckets(scenario));
    long small = (long) (100 * rate); // 100 s alone
    long large = (long) (200 * rate); // 200 s alone
    link.start(1, small, -1, 0);
    link.start(2, large, -1, 0);
    assertEquals(rate / 2, link.rateOf(1), 1e-6);
    assertEquals(rate, link.totalRate(), 1e-6);
    long firstEnd = link.untilNextEnd();
    assertEquals(200 * S, firstEnd, 1, "half the link each: the small one needs twice its lone time");
    assertEquals(List.of(1L), link.finished(firstEnd));
    assertTrue(link.carries(2));
    long secondEnd = firstEnd + link.untilNextEnd();
    assertEquals(300 * S, secondEnd, 2, "then the whole link: 300 s for both, as one after the other");
    assertEquals(List.of(2L), link.finished(secondEnd));
    assertEquals(-1, link.untilNextEnd());
    assertEquals(300 * S, link.busyMicros(400 * S), 2, "busy while a transfer ran, idle after");
    double sent = 0;
    for (double b : link.bytesPerBucket) sent += b;
    assertEquals(small + large, sent, 1e-3 * (small + large), "every byte is in the per-bucket series");
  }

  @Test
  void aStoppedTransferLeavesTheRestOfTheLinkToTheOthers() {
    Scenario scenario = TestScenarios.explicit(2, 1, 2);
    double rate = scenario.dpm().transferRate();
    BackupLink link = new BackupLink(scenario, new TimeBuckets(scenario));
    link.start(1, (long) (100 * rate), -1, 0);
    link.start(2, (long) (100 * rate), -1, 0);
    link.stop(1, 50 * S); // 25 s worth sent by each so far
    assertEquals(rate, link.rateOf(2), 1e-6);
    assertEquals(75 * S, link.untilNextEnd(), 2);
  }

  @Test
  void transfersReadingThroughOneCoordinatorsNicShareItAndLeaveTheRestOfTheLinkToTheOthers() {
    // 2012: jobs 1-3 read a software snapshot through node-0's 1 GbE NIC (90% of 110 MB/s for all three);
    // job 4 reads locally and gets what the 10 GbE link (1 GB/s) has left.
    Scenario scenario = TestScenarios.explicit(2, 1, 2, "scenario.platform = 2012", "dpm.backup-network.bandwidth = 1250MB",
        "dpm.transfer-efficiency = 1", "storage.bandwidth = 10000MB");
    BackupLink link = new BackupLink(scenario, new TimeBuckets(scenario));
    for (long job = 1; job <= 3; job++) link.start(job, 1_000_000_000L, 0, 0);
    link.start(4, 1_000_000_000L, -1, 0);
    double nic = 0.9 * 110e6;
    for (long job = 1; job <= 3; job++) assertEquals(nic / 3, link.rateOf(job), 1e-6);
    assertEquals(1250e6 - nic, link.rateOf(4), 1e-6, "max-min fair: the local reader takes what the NIC leaves");
    assertEquals(nic, link.rateThrough(0), 1e-6);
    assertEquals(0, link.rateThrough(1));
    assertEquals(1250e6, link.totalRate(), 1e-3);
    link.stop(4, 0);
    assertEquals(nic / 3, link.rateOf(1), 1e-6, "still held by the NIC, not the link");
  }
}

package io.csvsim.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/** What DPM knows of each replica decides a job's kind and how much it sends. */
class ReplicaBookTest {
  private static final long HOUR = 3600 * Scenario.SECOND;

  private static Scenario nightly(String... more) {
    String[] settings = new String[more.length + 3];
    settings[0] = "cluster.vm-defaults.size = 100GiB";
    settings[1] = "cluster.vm-defaults.daily-change-rate = 0.1";
    settings[2] = "dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"] }]";
    System.arraycopy(more, 0, settings, 3, more.length);
    return TestScenarios.explicit(1, 1, 1, settings);
  }

  @Test
  void anExpressFullSendsTheChangeSinceThePreviousBackupAndLaterTheChangeSinceItsOwnSnapshot() {
    Scenario s = nightly();
    ReplicaBook book = new ReplicaBook(s);
    Scenario.ProtectionGroup group = s.dpm().protectionGroups().get(0);
    long size = s.vms().get(0).sizeBytes();
    book.scheduled(0, group, 21 * HOUR, HOUR); // a nightly schedule: the previous backup was a day earlier
    assertEquals(JobRecord.Kind.EXPRESS_FULL, book.nextKind(0));
    assertEquals(size / 10, book.bytesToSend(0, JobRecord.Kind.EXPRESS_FULL, HOUR), 1, "a day's change: 10%");
    book.backedUp(0, 2 * HOUR);
    book.scheduled(0, group, 21 * HOUR, 26 * HOUR); // the schedule again: the book now knows the real previous backup
    assertEquals(size / 10 / 2, book.bytesToSend(0, JobRecord.Kind.EXPRESS_FULL, 14 * HOUR), 1, "half a day since the last snapshot");
  }

  @Test
  void withoutAReplicaTheFirstJobCopiesTheWholeVmAndACutOneLeavesACheck() {
    ReplicaBook book = new ReplicaBook(nightly("dpm.replicas-exist = false"));
    long size = nightly().vms().get(0).sizeBytes();
    assertEquals(JobRecord.Kind.INITIAL_REPLICA, book.nextKind(0));
    assertEquals(size, book.bytesToSend(0, JobRecord.Kind.INITIAL_REPLICA, 0));
    assertFalse(book.markInconsistent(0), "no replica yet: nothing to make inconsistent");
    book.backedUp(0, HOUR);
    assertTrue(book.markInconsistent(0));
    assertFalse(book.markInconsistent(0), "already known");
    assertEquals(JobRecord.Kind.CONSISTENCY_CHECK, book.nextKind(0));
    book.backedUp(0, 2 * HOUR);
    assertEquals(JobRecord.Kind.EXPRESS_FULL, book.nextKind(0));
  }
}

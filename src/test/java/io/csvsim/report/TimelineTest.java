package io.csvsim.report;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.Timeline;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.Simulations;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The series over time add up to the run's totals, so the charts and the tables tell one story. */
@ExtendWith(LogCapturingExtension.class)
class TimelineTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static SimulationResult r;
  static Timeline t;

  @BeforeAll
  static void run() {
    r = Simulations.run(testKit, ScenarioLoader.withReference().load(Path.of("conf/scenarios/seed-two-node.conf"),
        List.of("scenario.duration = 90m", "report.bucket = 30s"), null));
    t = r.timeline();
  }

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static double sum(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sum();
  }

  @Test
  void bucketsCoverTheRun() {
    assertEquals(180, t.buckets());
    assertEquals(30, t.bucketSeconds());
    assertEquals(181, TimelineCsv.render(r).lines().count(), "a header and a row per bucket");
  }

  @Test
  void seriesAddUpToTheTotals() {
    assertEquals(r.storage().opsServed(), sum(t.storageIops()) * t.bucketSeconds(), 1e-6 * r.storage().opsServed());
    assertEquals(r.storage().busySeconds(), sum(t.storageUtilisation()) * t.bucketSeconds(), 0.01 * r.storage().busySeconds());
    for (int i = 0; i < r.nodes().size(); i++) {
      SimulationResult.NodeResult node = r.nodes().get(i);
      assertEquals(node.nicBusySeconds(), sum(t.nodes().get(i).nicUtilisation()) * t.bucketSeconds(), 0.01 * node.nicBusySeconds());
    }
    for (int c = 0; c < r.csvs().size(); c++) {
      assertEquals(r.csvs().get(c).redirectedSeconds(), sum(t.csvs().get(c).redirectedShare()) * t.bucketSeconds(), 1e-6);
    }
    double jobSeconds = r.jobs().stream().mapToDouble(j -> j.endedAt() - j.queuedAt()).sum();
    assertEquals(jobSeconds, (sum(t.jobsQueued()) + sum(t.jobsWaitingForCsv()) + sum(t.jobsActive())) * t.bucketSeconds(), 1e-6);
    double activeSeconds = r.jobs().stream().filter(j -> j.preparedAt() != null).mapToDouble(j -> j.endedAt() - j.preparedAt()).sum();
    assertEquals(activeSeconds, sum(t.jobsActive()) * t.bucketSeconds(), 1e-6);
    double transferred = sum(t.backupNetworkUtilisation()) * t.bucketSeconds() * 125e6;
    assertEquals(r.storage().backupBytesRead(), transferred, 0.01 * transferred, "what DPM received is what backups read");
  }

  /** Buckets wholly inside some job's transfer (snapshot to end): DPM reads the array there. */
  static List<Integer> transferBuckets() {
    List<Integer> inside = new java.util.ArrayList<>();
    for (int b = 0; b < t.buckets(); b++) {
      double from = b * t.bucketSeconds();
      double to = from + t.bucketSeconds();
      if (r.jobs().stream().anyMatch(j -> j.snapshotAt() != null && j.snapshotAt() <= from && j.endedAt() >= to)) inside.add(b);
    }
    return inside;
  }

  @Test
  void theArraysFiguresIncludeDpmsBackupReads() {
    double backupRate = 0.8 * 125e6 / 1e6; // MB/s: one lone transfer at a time (software, serialised)
    List<Integer> transferring = transferBuckets();
    assertFalse(transferring.isEmpty());
    double vmMBps = r.vms().stream().mapToDouble(v -> v.opsCompleted()).sum() * 8192 / r.simulatedSeconds() / 1e6;
    for (int b : transferring) {
      assertEquals(vmMBps + backupRate, t.storageMBps()[b], 0.5 * vmMBps, "bucket " + b + ": the VMs' bytes and the backup's reads");
    }
    double busyWhileTransferring = t.storageUtilisation()[transferring.get(0)];
    assertTrue(busyWhileTransferring >= backupRate / 800, "backup reads take their share of the array's time: " + busyWhileTransferring);
    assertTrue(r.storage().busy().backupWindow() > r.storage().busy().run(), "the window is busier than the run");
    assertTrue(r.storage().busy().peak() >= r.storage().busy().backupWindow());
  }

  @Test
  void utilisationIsReportedOverTheBackupWindowAndAtItsPeak() {
    for (SimulationResult.NodeResult n : r.nodes()) {
      SimulationResult.Utilisation nic = n.nic();
      assertEquals(n.nicUtilisation(), nic.run(), 1e-9);
      // The NICs serve redirected I/O only while a backup holds the CSV: all of it falls inside the window.
      double window = r.backupWindowSeconds();
      assertEquals(n.nicBusySeconds() / window, nic.backupWindow(), 0.02 * n.nicBusySeconds() / window, n.name());
      assertTrue(nic.peak() >= nic.backupWindow() && nic.peakAt() >= 1800 - t.bucketSeconds(), n.name() + " peaks in the window");
    }
    SimulationResult.Utilisation link = r.dpm().backupNetwork();
    assertTrue(link.peak() <= 0.8 + 1e-9 && link.peak() > 0.79, "a lone transfer uses 0.8 of the link: " + link.peak());
  }

  @Test
  void jobsWaitingForTheirCsvAreCountedApartFromJobsHoldingIt() {
    // At 21:00 DPM starts 3 jobs per host (6); one software backup holds Volume1, the others wait for it.
    int first = (int) (1800 / t.bucketSeconds());
    assertEquals(1, t.jobsActive()[first], 0.05, "one job holds the CSV");
    assertEquals(5, t.jobsWaitingForCsv()[first], 0.05, "five started jobs wait for it");
    assertEquals(2, t.jobsQueued()[first], 0.05, "two wait for a host slot at DPM");
    for (int b = 0; b < t.buckets(); b++) assertTrue(t.jobsActive()[b] <= 1.0 + 1e-9, "software backups of one CSV serialise");
  }

  @Test
  void latencyIsRedirectedOnlyWhileACsvIsRedirected() {
    for (int b = 0; b < t.buckets(); b++) {
      double share = t.csvs().get(0).redirectedShare()[b];
      if (share == 0 && (b == 0 || t.csvs().get(0).redirectedShare()[b - 1] == 0)) {
        assertTrue(Double.isNaN(t.redirectedP50Ms()[b]), "bucket " + b + " has redirected ops but its CSV was direct");
      }
    }
    assertTrue(sum(t.redirectedP99Ms()) > 0);
    double redirected = Arrays.stream(t.redirectedP50Ms()).filter(v -> !Double.isNaN(v)).min().orElseThrow();
    double direct = Arrays.stream(t.directP50Ms()).filter(v -> !Double.isNaN(v)).min().orElseThrow();
    assertTrue(redirected > direct, "redirected p50 " + redirected + " > direct p50 " + direct);
  }

  @Test
  void theMostAffectedVmsHaveTheirOwnPercentilesOverTime() {
    var worst = r.vms().stream().max(java.util.Comparator.comparingDouble(v -> v.latencyMs().redirected().p99())).orElseThrow();
    assertEquals(Math.min(5, r.vms().size()), t.mostAffectedVms().size());
    assertEquals(worst.name(), t.mostAffectedVms().get(0).name());
    for (var vm : t.mostAffectedVms()) {
      var result = r.vms().stream().filter(v -> v.name().equals(vm.name())).findFirst().orElseThrow();
      // 1 significant digit per bucket: a bucket's value is within 10% of the exact one
      double runP99 = result.latencyMs().redirected().p99();
      double highest = Arrays.stream(vm.redirectedP99Ms()).filter(v -> !Double.isNaN(v)).max().orElseThrow();
      assertTrue(highest >= 0.9 * runP99, vm.name() + ": some bucket's p99 " + highest + " reaches the run's " + runP99);
      assertTrue(highest <= 1.1 * result.latencyMs().redirected().max(), vm.name() + ": no bucket's p99 beyond the VM's max");
      int directBuckets = 0;
      for (int b = 0; b < t.buckets(); b++) {
        if (!Double.isNaN(vm.redirectedP50Ms()[b])) assertTrue(vm.redirectedP50Ms()[b] <= vm.redirectedP99Ms()[b]);
        if (!Double.isNaN(vm.directP50Ms()[b])) {
          directBuckets++;
          assertTrue(vm.directP50Ms()[b] <= vm.directP99Ms()[b]);
        }
        assertEquals(Double.isNaN(vm.directP50Ms()[b]), Double.isNaN(vm.directP99Ms()[b]));
      }
      assertTrue(directBuckets > 0, vm.name() + " also ran direct");
    }
    String header = TimelineCsv.render(r).lines().findFirst().orElseThrow();
    assertTrue(header.contains(worst.name() + " redirectedP99Ms") && header.contains(worst.name() + " directP50Ms"), header);
  }

  @Test
  void theReportDrawsTheThreeChartsOverTime() {
    String html = HtmlReport.render(r);
    assertTrue(html.contains("latency over time"));
    assertTrue(html.split("<polyline class=\"series\"", -1).length - 1 >= 4 + r.nodes().size() + 1);
  }
}

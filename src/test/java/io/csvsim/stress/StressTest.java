package io.csvsim.stress;

import io.csvsim.result.SimulationResult.JobOutcome;
import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.QueueMaxima;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.scenario.TestScenarios;
import io.csvsim.sim.Simulations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Opt-in stress runs ({@code mvn test -Pstress}; .ci/run runs them after the main tests): many
 * random clusters under random faults, and the large scenario at a fine I/O tick. Every invariant
 * must hold and every queue stay within a bound that follows from the topology; the maxima are
 * printed and written to target/stress-maxima.txt.
 */
@Tag("stress")
class StressTest {

  static {
    // The suite's first class: start SLF4J before the test kit's ActorSystem logs from several threads at once.
    org.slf4j.LoggerFactory.getILoggerFactory();
  }

  // A spawn is an ask; under a loaded CI machine the default 5 s was once too short.
  static final ActorTestKit testKit = ActorTestKit.create(
      com.typesafe.config.ConfigFactory.parseString("pekko.actor.testkit.typed.default-timeout = 60s"));
  static final List<String> report = new ArrayList<>();

  @AfterAll
  static void cleanup() throws IOException {
    testKit.shutdownTestKit();
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/stress-maxima.txt"), report);
    report.forEach(System.out::println);
  }

  static final List<String> PLATFORMS = List.of("2008r2", "2012", "2012r2");

  /** A random cluster, platform, settings and fault rate, from {@code seed}. */
  static Scenario randomScenario(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int nodes = 2 + r.nextInt(7);
    int csvs = 1 + r.nextInt(4);
    int vms = nodes + r.nextInt(nodes * 5);
    String parallel = r.nextInt(4) == 0 ? "recommended" : Integer.toString(1 + r.nextInt(8));
    String groups = List.of("on", "off", "recommended").get(r.nextInt(3));
    String hocon = """
        csvsim {
          scenario { name = "stress-%d", seed = %d, start-time = "20:30", duration = 3h,
                     mode = %s, patched = %b, platform = "%s" }
          cluster.generate { nodes = %d, csvs = %d, vms = %d, size-min = 10GiB, size-max = 60GiB }
          vss.provider = %s
          dpm { max-allowed-parallel-backups = %s, datasource-groups = %s, replicas-exist = %b,
                protection-groups = [{ name = pg, vms = "*", schedule = ["21:00"] }] }
          chaos.rate = %d
        }
        """.formatted(seed, seed, r.nextInt(10) == 0 ? "non-csv" : "csv", r.nextInt(5) != 0, PLATFORMS.get((int) (seed % 3)), nodes, csvs, vms,
        r.nextBoolean() ? "software" : "hardware", parallel, groups, r.nextInt(4) != 0, 2 + r.nextInt(11));
    Scenario s = TestScenarios.load(hocon);
    if (s.mode() != Scenario.Mode.CSV) return s;
    // Maintenance on some CSVs (one each: they must not overlap), anywhere in the run, colliding with what it meets.
    List<String> maintenance = new ArrayList<>();
    for (Scenario.CsvSpec csv : s.csvs()) {
      if (r.nextInt(3) == 0) continue;
      int minute = 30 + r.nextInt(180); // after 20:00, within the run's 20:30 to 23:30
      maintenance.add("{ at = \"%02d:%02d\", csv = \"%s\", node = \"%s\", kind = %s, for = %dm }".formatted(20 + minute / 60,
          minute % 60, csv.name(), s.nodes().get(r.nextInt(s.nodes().size())).name(),
          List.of("chkdsk", "chkdsk-fix", "defrag", "redirected-access").get(r.nextInt(4)), 5 + r.nextInt(56)));
    }
    return TestScenarios.load(hocon, "maintenance = [" + String.join(", ", maintenance) + "]");
  }

  @Test
  void twoHundredRandomClustersUnderRandomFaultsKeepEveryInvariant() {
    int[] worst = new int[7];
    long faults = 0;
    long maintenance = 0;
    long jobs = 0;
    java.util.Map<String, Integer> perPlatform = new java.util.TreeMap<>();
    // Four at a time: one run's instants are a barrier, so runs side by side keep both cores busy.
    List<Scenario> scenarios = new ArrayList<>();
    List<SimulationResult> results = new ArrayList<>();
    for (long seed = 1; seed <= 200; seed++) scenarios.add(randomScenario(seed));
    for (int from = 0; from < scenarios.size(); from += 4) {
      results.addAll(Simulations.runAll(testKit, scenarios.subList(from, Math.min(scenarios.size(), from + 4))));
    }
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      SimulationResult r = results.get(i);
      String which = s.name() + " (" + s.nodes().size() + " nodes, " + s.csvs().size() + " CSVs, " + s.vms().size() + " VMs)";
      assertTrue(r.invariantsHold(), which + ": " + r.invariantViolations());
      assertTrue(r.jobs().stream().allMatch(j -> List.of(JobOutcome.SUCCEEDED, JobOutcome.FAILED, JobOutcome.CANCELLED).contains(j.outcome())), which);
      assertBounded(which, s, r.queues());
      long[] q = values(r.queues());
      for (int k = 0; k < q.length; k++) worst[k] = (int) Math.max(worst[k], q[k]);
      faults += s.faults().size();
      maintenance += s.maintenance().size();
      assertEquals(s.maintenance().size(), r.csvs().stream().mapToInt(c -> c.maintenance().size()).sum(), which + ": maintenance records");
      jobs += r.jobs().size();
      perPlatform.merge(r.platform(), 1, Integer::sum);
    }
    assertEquals(3, perPlatform.size(), "every platform is under stress: " + perPlatform);
    assertTrue(faults > 1000, "the runs were under fire: " + faults + " faults");
    assertTrue(maintenance > 100, "and under maintenance: " + maintenance);
    report.add(String.format(Locale.ROOT, "200 random clusters (per platform %s): %,d faults injected, %,d maintenance periods, %,d jobs, every invariant held",
        perPlatform, faults, maintenance, jobs));
    report.add("  queue maxima over them: " + describe(worst));
  }

  @Test
  void everyShippedScenarioRunsAsEachNewPlatformKeepingEveryInvariant() throws IOException {
    // compare --vary platform=2008r2,2012,2012r2 on each shipped scenario; 2008 R2 is pinned already, xl.conf is
    // 35 minutes a run, and large.conf runs the two hours around its 20:00 backups.
    List<Path> files;
    try (var list = Files.list(Path.of("conf/scenarios"))) {
      files = list.filter(f -> f.toString().endsWith(".conf") && !f.endsWith("xl.conf")).sorted().toList();
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (Path file : files) {
      List<String> shorter = file.endsWith("large.conf") ? List.of("scenario.start-time = \"19:30\"", "scenario.duration = 2h") : List.of();
      for (String platform : List.of("2012", "2012r2")) {
        List<String> overrides = new ArrayList<>(shorter);
        overrides.add("platform=" + platform);
        scenarios.add(ScenarioLoader.withReference().load(file, overrides, null));
      }
    }
    List<SimulationResult> results = new ArrayList<>();
    for (int from = 0; from < scenarios.size(); from += 4) {
      results.addAll(Simulations.runAll(testKit, scenarios.subList(from, Math.min(scenarios.size(), from + 4))));
    }
    int snapshots = 0;
    for (int i = 0; i < results.size(); i++) {
      SimulationResult r = results.get(i);
      String which = scenarios.get(i).source() + " as " + r.platform();
      assertTrue(r.invariantsHold(), which + ": " + r.invariantViolations());
      assertBounded(which, scenarios.get(i), r.queues());
      if (scenarios.get(i).mode() == Scenario.Mode.CSV) {
        assertTrue(r.csvs().stream().allMatch(c -> c.redirectedSeconds() == 0 || !c.maintenance().isEmpty()
            || r.faults().stream().anyMatch(f -> f.kind().equals("storage-path-loss"))), which + ": only maintenance or a lost path redirects");
      }
      snapshots += r.csvs().stream().mapToInt(c -> c.snapshots().size()).sum();
    }
    report.add(String.format(Locale.ROOT, "%d shipped scenarios as 2012 and 2012 R2: %d snapshots taken, every invariant held",
        files.size(), snapshots));
  }

  @Test
  void theLargeScenarioAtATenMillisecondTickForAnHour() {
    Scenario s = ScenarioLoader.withReference().load(Path.of("conf/scenarios/large.conf"),
        List.of("io.tick = 10ms", "scenario.duration = 1h", "scenario.start-time = \"19:30\""), null);
    SimulationResult r = Simulations.run(testKit, s);
    assertTrue(r.invariantsHold(), r.invariantViolations().toString());
    assertTrue(r.jobs().stream().anyMatch(j -> j.outcome() == JobOutcome.SUCCEEDED), "backups ran in the hour");
    assertBounded("large at 10 ms", s, r.queues());
    long issued = r.vms().stream().mapToLong(SimulationResult.VmResult::opsIssued).sum();
    report.add(String.format(Locale.ROOT, "large.conf, io.tick 10ms, 1 h from 19:30: %,d ops, %,d model messages, %d jobs ended, every invariant held",
        issued, r.modelMessages(), r.jobs().stream().filter(j -> j.outcome() != JobOutcome.CANCELLED).count()));
    long[] q = values(r.queues());
    int[] asInts = new int[q.length];
    for (int i = 0; i < q.length; i++) asInts[i] = (int) q[i];
    report.add("  queue maxima: " + describe(asInts));
  }

  /**
   * Bounds that follow from the model: per instant each actor sends a bounded number of messages
   * per peer; a node holds at most what its VMs issue while a volume moves or fails over; each VM
   * has at most one job queued or waiting at a time.
   */
  static void assertBounded(String which, Scenario s, QueueMaxima q) {
    int actors = s.nodes().size() + s.csvs().size() + 3;
    int vms = s.vms().size();
    // The longest hold: the longest outage (a volume with no node left to coordinate it, a LUN
    // without a path), then detection, failover and an ownership move.
    long outage = s.faults().stream().mapToLong(Scenario.FaultSpec::duration).max().orElse(0);
    long longestHold = outage + s.failover().detectionTime() + s.failover().csvFailoverTime() + s.ownershipMoveTime();
    // a node releases the ticks it held for a volume as one message per tick and destination
    long heldTicks = longestHold / s.ioTick() + 1;
    long perInstant = 8L * actors * actors + 4L * vms + heldTicks * s.csvs().size() * (s.nodes().size() + 1);
    assertTrue(q.messagesInOneInstant() <= perInstant, which + ": " + q.messagesInOneInstant() + " messages in one instant > " + perInstant);
    assertTrue(q.messagesScheduled() <= 4 * perInstant, which + ": " + q.messagesScheduled() + " scheduled > " + 4 * perInstant);
    double iops = s.vms().stream().mapToDouble(Scenario.VmSpec::iops).sum();
    double holdSeconds = (longestHold + s.ioTick()) / 1e6 + 10; // plus a tick, with headroom
    assertTrue(q.heldOpsAtANode() <= 2 * iops * holdSeconds + 100, which + ": " + q.heldOpsAtANode() + " ops held");
    assertTrue(q.requestsWaitingAtAVolume() <= vms, which + ": " + q.requestsWaitingAtAVolume() + " requests waiting");
    assertTrue(q.jobsQueuedAtDpm() <= vms, which + ": " + q.jobsQueuedAtDpm() + " jobs queued");
  }

  static long[] values(QueueMaxima q) {
    return new long[] {q.messagesInOneInstant(), q.messagesScheduled(), q.storageOpsPerFlush(), q.nicOpsPerBatch(),
        q.heldOpsAtANode(), q.requestsWaitingAtAVolume(), q.jobsQueuedAtDpm()};
  }

  static String describe(int[] q) {
    return String.format(Locale.ROOT, "messages in one instant %,d; scheduled ahead %,d; ops per array flush %,d; per NIC batch %,d;"
        + " held at a node %,d; requests waiting at a volume %,d; jobs queued at DPM %,d", q[0], q[1], q[2], q[3], q[4], q[5], q[6]);
  }
}

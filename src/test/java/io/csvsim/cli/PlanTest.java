package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.csvsim.inventory.DataSourceGroupsXml;
import io.csvsim.plan.PlanExport;
import io.csvsim.report.JsonReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.Simulations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code csvsim plan}: from an imported cluster to settings that meet a window, and what DPM needs to apply them. */
class PlanTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;

  static double lastJobEnd(SimulationResult r) {
    return r.jobs().stream().mapToDouble(JobResult::endedAt).max().orElseThrow();
  }

  static String timeOfDay(double secondsAfterStart, Scenario s) {
    long t = Math.floorMod(Math.round(secondsAfterStart) + s.startTimeOfDay() / Scenario.SECOND, 86_400L);
    return String.format("%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  }

  @Test
  void anImportedClusterGetsAPlanThatMeetsAWindowItsSettingsMissAndTheRecommendationReRunMeetsIt() throws Exception {
    // 3 nodes, 2 CSVs, 20 VMs from Export-Csv (BOM, #TYPE, quotes, CRLF) with a stale DataSourceGroups.xml.
    Path cluster = dir.resolve("my-cluster.conf");
    assertEquals(0, MainTest.csvsim("import", "src/test/resources/inventory/cluster-20.csv", "--datasource-groups",
        "src/test/resources/inventory/DataSourceGroups.xml", "--out", cluster.toString()).code());
    Scenario current = ScenarioLoader.withReference().load(cluster, List.of(), null);
    double currentEnd = lastJobEnd(Simulations.run(testKit, current));
    String target = timeOfDay(currentEnd - 60, current); // a minute earlier than the current settings manage
    Path out = dir.resolve("plan");
    MainTest.Outcome o = MainTest.csvsim("plan", cluster.toString(), "--window-ends", target, "--allow", "stagger,move-vms,spread-coordinators",
        "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode plan = JsonReport.mapper().readTree(out.resolve("plan.json").toFile());
    assertFalse(plan.get("current").get("meetsWindow").asBoolean(), "the current settings miss " + target);
    assertTrue(plan.get("recommended").isObject(), o.out());
    assertTrue(plan.get("evaluated").asInt() >= 16, "every DPM limit combination (8 x 2) at least");
    assertTrue(plan.get("stopReason").asText().contains("candidates evaluated"), plan.get("stopReason").asText());
    assertEquals(plan.get("evaluated").asInt(), plan.get("candidates").size());

    Scenario recommended = ScenarioLoader.withReference().load(out.resolve("recommended/scenario.conf"), List.of(), null);
    double end = lastJobEnd(Simulations.run(testKit, recommended));
    assertTrue(end <= currentEnd - 60, "re-run, the recommendation ends at " + timeOfDay(end, recommended) + ", by " + target);
    assertEquals(plan.get("recommended").get("lastJobEndedAt").asDouble(), end, 1e-6, "the same figure as the plan's own run");

    String reg = Files.readString(out.resolve("recommended/MaxAllowedParallelBackups.reg"));
    assertTrue(reg.startsWith("Windows Registry Editor Version 5.00"));
    assertTrue(reg.contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft Data Protection Manager\\2.0\\Configuration\\MaxAllowedParallelBackups]"));
    assertTrue(reg.contains(String.format("\"Microsoft Hyper-V\"=dword:%08x", recommended.dpm().maxAllowedParallelBackups())), reg);
    String html = Files.readString(out.resolve("plan.html"));
    assertEquals(plan.get("evaluated").asInt(), html.split("<tr class=\"candidate\">", -1).length - 1, "a row per candidate");
    assertTrue(html.contains("href=\"recommended/report.html\""));
    assertTrue(Files.readString(out.resolve("recommended/report.html")).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void exportedDataSourceGroupsImportAsTheSameGroups() throws Exception {
    Scenario s = ScenarioLoader.withReference().load(Path.of("conf/scenarios/dpm-recommended.conf"), List.of(), null);
    assertTrue(s.dpm().dataSourceGroups());
    Path xml = dir.resolve("DataSourceGroups.xml");
    Files.write(xml, ("\uFEFF" + PlanExport.dataSourceGroups(s)).getBytes(StandardCharsets.UTF_16LE)); // as DPM's file is: UTF-16 LE, BOM
    List<DataSourceGroupsXml.Group> read = DataSourceGroupsXml.read(xml);
    assertEquals(s.dpm().groups().size(), read.size());
    for (int g = 0; g < read.size(); g++) {
      assertEquals(s.dpm().groups().get(g).name(), read.get(g).id());
      assertEquals(s.dpm().groups().get(g).vms().stream().map(v -> s.vms().get(v).name()).toList(), read.get(g).vms());
    }
  }

  @Test
  void aWindowNothingCanMeetSaysWhatBinds() throws Exception {
    Path out = dir.resolve("impossible");
    MainTest.Outcome o = MainTest.csvsim("plan", "conf/scenarios/seed-two-node.conf", "--window-ends", "21:05", "--max-candidates", "5",
        "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode plan = JsonReport.mapper().readTree(out.resolve("plan.json").toFile());
    assertTrue(plan.get("recommended").isNull());
    assertTrue(plan.get("binding").asText().contains("more than the"), plan.get("binding").asText());
    assertTrue(plan.get("stopReason").asText().startsWith("budget: --max-candidates 5"), plan.get("stopReason").asText());
    assertFalse(Files.exists(out.resolve("recommended")), "nothing to apply");
  }

  @Test
  void aPlanOnAClusterWorkerGivesTheSamePlanAsHere() throws Exception {
    String[] plan = {"plan", "conf/scenarios/seed-two-node.conf", "--window-ends", "21:40", "--allow", "stagger", "--max-candidates", "20"};
    Path here = dir.resolve("here");
    MainTest.Outcome local = MainTest.csvsim(concat(plan, "--out", here.toString()));
    assertEquals(0, local.code(), local.err());
    assertTrue(local.out().lines().filter(l -> l.startsWith("csvsim plan: evaluating")).count() >= 2, "more than one round: " + local.out());

    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // Every simulation runs on the worker, a member of its own: each unit and its figures cross as CBOR.
    java.io.StringWriter workerLog = new java.io.StringWriter();
    java.util.concurrent.CompletableFuture<Boolean> worker = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> SweepRun.work("127.0.0.1:" + port, "127.0.0.1", 2, RunCommand.applicationConfig(), new java.io.PrintWriter(workerLog, true)));
    Path there = dir.resolve("there");
    MainTest.Outcome swept = MainTest.csvsim(concat(plan, "--cluster", "--bind", "127.0.0.1:" + port, "--min-workers", "1", "--out", there.toString()));
    assertEquals(0, swept.code(), swept.err());
    assertTrue(worker.get(2, java.util.concurrent.TimeUnit.MINUTES), "the worker took part until the plan closed the sweep: " + workerLog);
    assertEquals(Files.readString(here.resolve("plan.json")), Files.readString(there.resolve("plan.json")));
    assertEquals(Files.readString(here.resolve("recommended/scenario.conf")), Files.readString(there.resolve("recommended/scenario.conf")));
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new java.util.ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void badPlanOptionsAreOneErrorAndWriteNothing() {
    Path out = dir.resolve("none");
    for (String[] bad : List.of(
        new String[] {"--window-ends", "25:00"},
        new String[] {"--window-ends", "06:00", "--allow", "teleport"},
        new String[] {"--window-ends", "06:00", "--allow", "hardware-provider"},
        new String[] {"--window-ends", "06:00", "--max-redirected-p99", "fast"},
        new String[] {"--window-ends", "08:00"},
        new String[] {"--window-ends", "06:00", "--cluster", "--min-workers", "0"})) {
      List<String> args = new java.util.ArrayList<>(List.of("plan", "conf/scenarios/seed-two-node.conf"));
      args.addAll(List.of(bad));
      args.addAll(List.of("--out", out.toString()));
      MainTest.Outcome o = MainTest.csvsim(args.toArray(String[]::new));
      assertEquals(2, o.code(), String.join(" ", bad) + ": " + o.err());
      assertEquals(1, o.err().lines().filter(l -> !l.isBlank()).count(), o.err());
      assertFalse(Files.exists(out), "nothing written");
    }
  }
}

package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.csvsim.report.JsonReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  /** Runs {@code csvsim compare ARGS --out outDir}, which must succeed, and gives comparison.json's variants. */
  static JsonNode compareVariants(Path outDir, String... args) throws java.io.IOException {
    List<String> all = new java.util.ArrayList<>(List.of("compare"));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", outDir.toString()));
    Outcome o = csvsim(all.toArray(String[]::new));
    assertEquals(0, o.code(), o.err());
    return JsonReport.mapper().readTree(outDir.resolve("comparison.json").toFile()).get("variants");
  }

  static Outcome csvsim(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void runPrintsTheSummaryAndWritesSummaryJsonAndJobsCsv() throws Exception {
    Path outDir = dir.resolve("out");
    Outcome o = csvsim("run", "conf/scenarios/seed-two-node.conf", "--set", "scenario.duration=1h", "--out", outDir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("BACKUP WINDOW"));
    assertTrue(o.out().contains("Volume1"));
    assertTrue(o.out().contains("io-conservation"));
    JsonNode summary = JsonReport.mapper().readTree(outDir.resolve("summary.json").toFile());
    for (String field : List.of("scenario", "seed", "clock", "simulatedSeconds", "wallSeconds", "backupWindowSeconds", "jobs", "csvs", "vms", "nodes", "invariants")) {
      assertTrue(summary.has(field), field);
    }
    JsonNode job = summary.get("jobs").get(0);
    for (String field : List.of("vm", "node", "csv", "provider", "kind", "queuedAt", "startedAt", "snapshotAt", "endedAt", "outcome", "bytes", "waitedFor")) {
      assertTrue(job.has(field), "jobs[]." + field);
    }
    JsonNode vm = summary.get("vms").get(0);
    for (String field : List.of("name", "node", "opsIssued", "opsCompleted", "opsFailed", "redirectedOps")) assertTrue(vm.has(field), "vms[]." + field);
    for (String path : List.of("direct", "redirected")) {
      for (String stat : List.of("mean", "p50", "p99", "max")) assertTrue(vm.get("latencyMs").get(path).has(stat), path + "." + stat);
    }
    assertTrue(summary.get("csvs").get(0).has("redirectedSeconds"));
    assertTrue(summary.get("nodes").get(0).has("nicBusySeconds"));
    assertEquals(8, summary.get("jobs").size());
    List<String> csv = Files.readAllLines(outDir.resolve("jobs.csv"));
    assertEquals(9, csv.size(), "header and one row per job");
    assertTrue(csv.get(0).startsWith("id,vm,node,csv,provider,kind"));
    assertTrue(Files.readString(outDir.resolve("report.html")).contains("<svg"));
    assertEquals(61, Files.readAllLines(outDir.resolve("timeline.csv")).size(), "a header and 60 one-minute buckets");
    try (var files = Files.list(outDir)) {
      assertEquals(4, files.count(), "summary.json, jobs.csv, report.html, timeline.csv and no temporary files left behind");
    }
  }

  @Test
  void benchMeasuresRawPekkoAndTheModelAndWritesBenchJson() throws Exception {
    // A smoke check that the command works end to end; its speed is measured by running it, not here.
    Path outDir = dir.resolve("bench");
    Outcome o = csvsim("bench", "conf/scenarios/seed-two-node.conf", "--set", "scenario.duration=40m", "--raw-seconds", "0.2",
        "--out", outDir.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode bench = JsonReport.mapper().readTree(outDir.resolve("bench.json").toFile());
    for (String field : List.of("rawMsgsPerSec", "modelMsgsPerSec", "ratio", "simulatedSeconds", "wallSeconds", "speedup", "vms", "peakHeapBytes")) {
      assertTrue(bench.has(field), field);
    }
    assertTrue(bench.get("rawMsgsPerSec").asDouble() > 0);
    assertTrue(bench.get("modelMessages").asLong() > 0);
    assertEquals(8, bench.get("vms").asInt());
    assertEquals(2400, bench.get("simulatedSeconds").asDouble(), 1e-9);
    assertEquals(bench.get("modelMsgsPerSec").asDouble() / bench.get("rawMsgsPerSec").asDouble(), bench.get("ratio").asDouble(), 1e-9);
    assertTrue(o.out().contains("msgs/s"));
    Outcome explicitScaling = csvsim("bench", "conf/scenarios/seed-two-node.conf", "--scaling", "--out", outDir.toString());
    assertEquals(2, explicitScaling.code(), "--scaling needs a generated topology");
    assertTrue(explicitScaling.err().contains("cluster.generate"), explicitScaling.err());
  }

  @Test
  void compareRunsEveryCombinationAndShowsTheHardwareProvidersShorterWindow() throws Exception {
    Path outDir = dir.resolve("cmp");
    JsonNode variants = compareVariants(outDir, "conf/scenarios/seed-two-node.conf", "--vary", "provider=software,hardware",
        "--vary", "MaxAllowedParallelBackups=1,3", "--set", "scenario.duration=90m");
    assertEquals(4, variants.size(), "2 x 2 combinations");
    assertEquals("provider=software, MaxAllowedParallelBackups=1", variants.get(0).get("variant").asText());
    double software = variants.get(1).get("backupWindowSeconds").asDouble();
    double hardware = variants.get(3).get("backupWindowSeconds").asDouble();
    assertTrue(hardware < software, "hardware " + hardware + " s < software " + software + " s");
    assertEquals(5, Files.readAllLines(outDir.resolve("comparison.csv")).size(), "header and a row per variant");
    String html = Files.readString(outDir.resolve("comparison.html"));
    assertEquals(4, html.split("<tr class=\"variant\">", -1).length - 1);
    assertEquals(4, html.split("<rect class=\"window\"", -1).length - 1, "a bar per variant");
    assertTrue(html.contains("class=\"best\""));
    Outcome bad = csvsim("compare", "conf/scenarios/seed-two-node.conf", "--vary", "provider=software,firmware", "--out", dir.resolve("x").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("provider=firmware") && bad.err().contains("csvsim.vss.provider"), bad.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }

  @Test
  void replicationsGiveEachVariantItsSeedsWithAnIntervalAndLinkEveryRunsReport() throws Exception {
    Path outDir = dir.resolve("cmp-replicated");
    Outcome o = csvsim("compare", "conf/scenarios/node-crash.conf", "--vary", "provider=software,hardware", "--replications", "3",
        "--out", outDir.toString());
    assertEquals(0, o.code(), o.err());
    JsonNode json = JsonReport.mapper().readTree(outDir.resolve("comparison.json").toFile());
    assertEquals(3, json.get("replications").asInt());
    JsonNode software = json.get("variants").get(0);
    assertEquals("[1,2,3]", software.get("seeds").toString(), "the scenario's seed, then +1, +2");
    JsonNode runs = software.get("runs");
    assertEquals(3, runs.size(), "every seed's row is kept");
    JsonNode p99 = software.get("measures").get("worstRedirectedP99Ms");
    double sum = 0;
    for (JsonNode run : runs) sum += run.get("worstRedirectedP99Ms").asDouble();
    assertEquals(sum / 3, p99.get("mean").asDouble(), 1e-9, "the mean of the seeds' rows");
    assertTrue(p99.get("low").asDouble() <= p99.get("mean").asDouble() && p99.get("mean").asDouble() <= p99.get("high").asDouble());
    // The second seed's run is the run a user gets with --seed 2.
    Path single = dir.resolve("seed-2");
    assertEquals(0, csvsim("run", "conf/scenarios/node-crash.conf", "--set", "vss.provider=software", "--seed", "2", "--quiet",
        "--out", single.toString()).code());
    JsonNode alone = JsonReport.mapper().readTree(single.resolve("summary.json").toFile());
    double worstAlone = 0;
    for (JsonNode vm : alone.get("vms")) worstAlone = Math.max(worstAlone, vm.get("latencyMs").get("redirected").get("p99").asDouble());
    assertEquals(worstAlone, runs.get(1).get("worstRedirectedP99Ms").asDouble(), 1e-9);
    assertEquals(alone.get("backupWindowSeconds").asDouble(), runs.get(1).get("backupWindowSeconds").asDouble(), 1e-9);
    String html = Files.readString(outDir.resolve("comparison.html"));
    for (int v = 1; v <= 2; v++) {
      for (int seed = 1; seed <= 3; seed++) {
        String link = "variants/" + v + "/seed-" + seed + "/report.html";
        assertTrue(html.contains("href=\"" + link + "\""), link);
        assertTrue(Files.exists(outDir.resolve(link)), link);
      }
    }
    assertTrue(o.out().contains("not separable"), o.out());
  }

  @Test
  void runWithReplicationsGivesTheMeasuresOverTheSeedsAndEachSeedsFiles() throws Exception {
    Path outDir = dir.resolve("run-replicated");
    Outcome o = csvsim("run", "conf/scenarios/seed-two-node.conf", "--set", "scenario.duration=90m", "--replications", "3",
        "--out", outDir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("over 3 seeds (1 to 3)") && o.out().contains("backup window"), o.out());
    JsonNode summary = JsonReport.mapper().readTree(outDir.resolve("replications.json").toFile());
    assertEquals("[1,2,3]", summary.get("seeds").toString());
    for (int seed = 1; seed <= 3; seed++) {
      JsonNode one = JsonReport.mapper().readTree(outDir.resolve("seed-" + seed + "/summary.json").toFile());
      assertEquals(seed, one.get("seed").asInt());
      assertEquals(one.get("backupWindowSeconds").asDouble(), summary.get("runs").get(seed - 1).get("backupWindowSeconds").asDouble(), 1e-9);
    }
  }

  @Test
  void theRecommendedSettingsFollowTheProviderSoTheHardwareWindowIsShorter() throws Exception {
    Path outDir = dir.resolve("cmp-recommended");
    JsonNode variants = compareVariants(outDir, "conf/scenarios/dpm-recommended.conf", "--vary", "provider=software,hardware",
        "--set", "scenario.duration=3h");
    JsonNode software = variants.get(0);
    JsonNode hardware = variants.get(1);
    assertEquals("MaxAllowedParallelBackups 1, DataSourceGroups on", software.get("dpmLimits").asText());
    assertEquals("MaxAllowedParallelBackups 3, DataSourceGroups off", hardware.get("dpmLimits").asText());
    assertTrue(software.get("backupWindowComplete").asBoolean() && hardware.get("backupWindowComplete").asBoolean());
    assertTrue(hardware.get("backupWindowSeconds").asDouble() < software.get("backupWindowSeconds").asDouble(), variants.toString());
    assertTrue(hardware.get("redirectedSeconds").asDouble() < software.get("redirectedSeconds").asDouble(), variants.toString());
    assertTrue(Files.readString(outDir.resolve("comparison.html")).contains("DPM limits in effect"));
  }

  @Test
  void aModelActorThatFailsStopsTheRunWithOneLineAndNoStackTrace() {
    Path outDir = dir.resolve("failed");
    // 10 VMs a node x 500 IOPS x a one-hour tick: more ops in one tick than a node sends in one message.
    Outcome o = csvsim("run", "conf/scenarios/dpm-recommended.conf", "--set", "io.tick=3600s", "--set", "scenario.duration=2h",
        "--set", "cluster.generate.iops-min=500", "--set", "cluster.generate.iops-max=500", "--out", outDir.toString());
    assertEquals(1, o.code(), o.err());
    // Every node fails at its first tick; whichever the guardian hears of first is named.
    assertTrue(o.err().strip().matches("csvsim: internal error: model actor node-\\d failed: node-\\d\\d: more than 16777216 ops in one tick;"
        + " use a smaller io.tick \\(run again with --debug for the stack trace\\)"), "one line naming the actor and why: " + o.err());
    assertFalse(Files.exists(outDir), "nothing written");
  }

  @Test
  void badInputExitsWithTwoAndWritesNothing() {
    Path outDir = dir.resolve("never");
    List<String[]> bad = List.of(
        new String[] {"run", "conf/scenarios/missing.conf", "--out", outDir.toString()},
        new String[] {"run", "conf/scenarios/seed-two-node.conf", "--set", "storage.max-iops=-1", "--out", outDir.toString()},
        new String[] {"run", "conf/scenarios/seed-two-node.conf", "--clock", "sundial", "--out", outDir.toString()},
        new String[] {"run", "conf/scenarios/seed-two-node.conf", "--seed", "x", "--out", outDir.toString()},
        new String[] {"run", "--bogus"},
        new String[] {"walk"});
    for (String[] args : bad) {
      Outcome o = csvsim(args);
      assertEquals(2, o.code(), String.join(" ", args) + " -> " + o.err());
      assertFalse(o.err().isBlank(), "an error is printed");
      assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
      assertEquals("", o.out(), "no partial output");
      assertFalse(Files.exists(outDir), "nothing written");
    }
  }

  @Test
  void timesOfDayStandBesideSecondsAndARunSaysWhatDiffersFromItsFile() throws Exception {
    Path outDir = dir.resolve("times");
    Outcome o = csvsim("run", "conf/scenarios/seed-two-node.conf", "--set", "scenario.duration=1h", "--set", "provider=hardware",
        "--seed", "7", "--out", outDir.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("changed from the scenario file: scenario.duration=1h, vss.provider=hardware, scenario.seed=7"), o.out());
    assertTrue(o.out().contains("first job queued 21:00:00 (1800 s)"), "time of day and seconds since the start: " + o.out());
    List<String> csv = Files.readAllLines(outDir.resolve("jobs.csv"));
    List<String> header = List.of(csv.get(0).split(","));
    int queued = header.indexOf("queuedAt");
    assertEquals("queuedAtTimeOfDay", header.get(queued + 1));
    assertEquals("1800.000000", csv.get(1).split(",")[queued]);
    assertEquals("21:00:00", csv.get(1).split(",")[queued + 1]);
    assertTrue(Files.readString(outDir.resolve("summary.json")).contains("\"startTime\" : \"20:30:00\""));
  }

  @Test
  void aRunWithoutCsvShowsNoRedirectTables() {
    Outcome o = csvsim("run", "conf/scenarios/non-csv.conf", "--set", "scenario.duration=2h");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("PER LUN"));
    for (String section : List.of("PER CSV", "PER NODE (redirected", "VMS MOST HURT BY REDIRECTED", "NIC util")) {
      assertFalse(o.out().contains(section), "no '" + section + "' in a non-CSV run: " + o.out());
    }
  }

  @Test
  void theChaosSummaryGroupsWhatHappenedToManyTargetsAtOnce() {
    Outcome o = csvsim("run", "conf/scenarios/dpm-recommended.conf", "--chaos", "6", "--set", "scenario.duration=3h");
    assertEquals(0, o.code(), o.err());
    List<String> faults = o.out().lines().dropWhile(l -> !l.equals("FAULTS")).skip(1).takeWhile(l -> !l.isBlank()).toList();
    assertTrue(faults.stream().anyMatch(l -> l.matches(".*network-partition +\\d+: vm-\\d+, .* restarted on node-\\d+")),
        "restarts at one time onto one node are one line with a count: " + faults);
    long restarts = faults.stream().filter(l -> l.contains("restarted on")).count();
    assertTrue(restarts < 12, restarts + " restart lines for " + faults.size() + " lines");
  }

  @Test
  void theVersionIsThePomsAndHelpWorksAsASubcommand() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<artifactId>csvsim</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find());
    Outcome version = csvsim("-V");
    assertEquals("csvsim " + m.group(1), version.out().strip());
    Outcome help = csvsim("help", "run");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("Usage: csvsim run"));
    Outcome runHelp = csvsim("run", "--help");
    for (String file : List.of("summary.json", "jobs.csv", "report.html", "timeline.csv")) {
      assertTrue(runHelp.out().replaceAll("\\s+", " ").contains(file), "run --help names " + file + ": " + runHelp.out());
    }
  }

  @Test
  void compareNeverCutsAVariantsLabel() throws Exception {
    Outcome o = csvsim("compare", "conf/scenarios/seed-two-node.conf", "--vary", "DataSourceGroups=on,off", "--vary",
        "MaxAllowedParallelBackups=1,3", "--set", "scenario.duration=1h", "--out", dir.resolve("cmp").toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("DataSourceGroups=off, MaxAllowedParallelBackups=3 "), o.out());
  }

  @Test
  void anUnwritableOutIsRefusedBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Outcome o = csvsim("run", "conf/scenarios/seed-two-node.conf", "--out", file.resolve("sub").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("not a directory"), o.err());
    assertEquals("", o.out());
  }

  @Test
  void compareVaryingThePlatformShowsItAndTheUpgradesEffect() throws Exception {
    Path outDir = dir.resolve("platforms");
    JsonNode variants = compareVariants(outDir, "conf/scenarios/seed-two-node.conf", "--vary", "platform=2008r2,2012,2012r2",
        "--set", "scenario.duration=90m");
    assertEquals(List.of("2008r2", "2012", "2012r2"), List.of(variants.get(0).get("platform").asText(),
        variants.get(1).get("platform").asText(), variants.get(2).get("platform").asText()));
    assertTrue(variants.get(0).get("redirectedSeconds").asDouble() > 600, "2008 R2 redirects the others for each backup");
    assertEquals(0, variants.get(1).get("redirectedSeconds").asDouble(), "2012 redirects nothing for backup");
    assertTrue(variants.get(1).get("backupWindowSeconds").asDouble() < variants.get(0).get("backupWindowSeconds").asDouble(),
        "the two nodes' backups of the one CSV no longer serialise");
    assertTrue(Files.readAllLines(outDir.resolve("comparison.csv")).get(0).startsWith("platform,platformInEffect,dpmLimits,"),
        "the varied key, then the platform in effect");
    String html = Files.readString(outDir.resolve("comparison.html"));
    assertTrue(html.contains("2012r2; MaxAllowedParallelBackups 3, DataSourceGroups off"), "the platform in effect is shown");
    String report = Files.readString(outDir.resolve("variants/2/report.html"));
    assertTrue(report.contains("Windows Server 2012 + DPM 2012 SP1"), "each variant's report names its platform");
  }

  @Test
  void everyShippedScenarioLoadsAsEveryPlatform() throws Exception {
    io.csvsim.scenario.ScenarioLoader loader = io.csvsim.scenario.ScenarioLoader.withReference();
    try (var files = Files.list(Path.of("conf/scenarios"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        for (String platform : List.of("2008r2", "2012", "2012r2")) {
          io.csvsim.scenario.Scenario s = loader.load(file, List.of("platform=" + platform), null);
          assertEquals(platform, s.platform().label(), file + " as " + platform);
        }
      }
    }
    // xl.conf is 64 nodes: beyond 2008 R2's limit, within 2012's; a warning, not an error.
    assertTrue(loader.load(Path.of("conf/scenarios/xl.conf"), List.of(), null).warnings().get(0).contains("beyond Windows Server 2008 R2's supported 16"));
    assertTrue(loader.load(Path.of("conf/scenarios/xl.conf"), List.of("platform=2012"), null).warnings().isEmpty());
  }

  @Test
  void compareVaryingAMaintenanceStartShowsItsCollisionWithTheBackups() throws Exception {
    Path outDir = dir.resolve("chkdsk");
    JsonNode variants = compareVariants(outDir, "conf/scenarios/maintenance-collision.conf", "--vary", "maintenance.0.at=20:45,21:30",
        "--set", "scenario.duration=2h");
    assertEquals("maintenance.0.at=20:45", variants.get(0).get("variant").asText());
    double colliding = variants.get(0).get("backupWindowSeconds").asDouble();
    double after = variants.get(1).get("backupWindowSeconds").asDouble();
    assertTrue(colliding > after + 1200, "a chkdsk from 20:45 holds the 21:00 backups off: " + colliding + " s vs " + after + " s");

    Outcome beyond = csvsim("run", "conf/scenarios/maintenance-collision.conf", "--set", "maintenance.2.at=21:00", "--out",
        dir.resolve("none").toString());
    assertEquals(2, beyond.code());
    assertTrue(beyond.err().contains("maintenance has 1 entry (numbered from 0)"), beyond.err());
    assertFalse(Files.exists(dir.resolve("none")));
  }

  @Test
  void aClusterSweepWritesTheSameFilesAsALocalOneReportsIncluded() throws Exception {
    String[] sweep = {"conf/scenarios/seed-two-node.conf", "--vary", "provider=software,hardware", "--replications", "2", "--set",
        "scenario.duration=45m", "--quiet"};
    Path local = dir.resolve("local");
    compareVariants(local, sweep);
    Path cluster = dir.resolve("cluster");
    List<String> args = new java.util.ArrayList<>(List.of(sweep));
    args.addAll(List.of("--cluster", "--bind", "127.0.0.1:0", "--min-workers", "0", "--local-slots", "2"));
    compareVariants(cluster, args.toArray(String[]::new));
    List<Path> files;
    try (var walk = Files.walk(local)) {
      files = walk.filter(Files::isRegularFile).map(local::relativize).sorted().toList();
    }
    assertEquals(7, files.size(), "comparison.json, .csv, .html and 4 reports: " + files);
    for (Path f : files) assertEquals(Files.readString(local.resolve(f)), Files.readString(cluster.resolve(f)), f.toString());
  }
}

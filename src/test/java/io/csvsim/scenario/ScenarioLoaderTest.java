package io.csvsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

  @TempDir Path dir;

  static final String TWO_NODES = """
      csvsim.cluster {
        nodes = [{ name = a }, { name = b }]
        csvs = [{ name = v1, coordinator = a }]
        vms = [{ name = vm1, node = a, csv = v1 }, { name = vm2, node = b, csv = v1 }]
      }
      """;

  Scenario loadFile(String text, String... overrides) throws IOException {
    Path file = dir.resolve("s.conf");
    Files.writeString(file, text);
    return ScenarioLoader.withReference().load(file, List.of(overrides), null);
  }

  @Test
  void setTakesWhatAUserTypesAndTheShortNamesOfVary() throws IOException {
    Scenario s = loadFile(TWO_NODES, "scenario.start-time=19:00", "provider=hardware", "MaxAllowedParallelBackups=1",
        "datasourcegroups=on", "scenario.name=my cluster");
    assertEquals(19 * 3600 * Scenario.SECOND, s.startTimeOfDay(), "19:00 without quotes");
    assertEquals(Scenario.Provider.HARDWARE, s.vss().provider());
    assertEquals(1, s.dpm().maxAllowedParallelBackups());
    assertTrue(s.dpm().dataSourceGroups(), "short names in any case");
    assertEquals("my cluster", s.name());
  }

  @Test
  void namesAreMatchedWithoutCaseAsWindowsDoes() throws IOException {
    Scenario s = loadFile(TWO_NODES + "csvsim.dpm.protection-groups = [{ name = pg, vms = [VM1], schedule = [\"21:00\"] }]\n"
        + "csvsim.faults = [{ at = \"21:10\", kind = node-crash, node = B }]\n");
    assertEquals(List.of(0), s.dpm().protectionGroups().get(0).vms());
    assertEquals(1, s.faults().get(0).node());
  }

  @Test
  void everyShippedScenarioLoads() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("conf/scenarios"))) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".conf")).toList();
      assertTrue(all.size() >= 5);
      for (Path f : all) {
        Scenario s = ScenarioLoader.withReference().load(f, List.of(), null);
        assertFalse(s.vms().isEmpty(), f.toString());
      }
    }
  }

  @Test
  void theSeedScenarioIsTheSeedsPicture() {
    Scenario s = ScenarioLoader.withReference().load(Path.of("conf/scenarios/seed-two-node.conf"), List.of(), null);
    assertEquals(2, s.nodes().size());
    assertEquals(1, s.csvs().size());
    assertEquals(Scenario.Provider.SOFTWARE, s.vss().provider());
    Scenario hw = ScenarioLoader.withReference().load(Path.of("conf/scenarios/seed-two-node-hardware.conf"), List.of(), null);
    assertEquals(Scenario.Provider.HARDWARE, hw.vss().provider());
    assertEquals(s.vms().size(), hw.vms().size());
  }

  @Test
  void theLargeScenarioIsAtThe2008R2Limits() {
    Scenario s = ScenarioLoader.withReference().load(Path.of("conf/scenarios/large.conf"), List.of(), null);
    assertEquals(16, s.nodes().size());
    assertEquals(16, s.csvs().size());
    assertEquals(1000, s.vms().size());
    assertEquals(Scenario.DAY, s.duration());
  }

  @Test
  void aGeneratedTopologySpreadsVmsRoundRobinAndIsSeeded() {
    Scenario a = TestScenarios.load("csvsim.cluster.generate { nodes = 3, csvs = 2, vms = 7 }");
    assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), a.vms().stream().map(Scenario.VmSpec::node).toList());
    assertEquals(List.of(0, 0, 0, 1, 1, 1, 0), a.vms().stream().map(Scenario.VmSpec::csv).toList());
    Scenario same = TestScenarios.load("csvsim.cluster.generate { nodes = 3, csvs = 2, vms = 7 }");
    Scenario other = TestScenarios.load("csvsim.cluster.generate { nodes = 3, csvs = 2, vms = 7 }", "scenario.seed = 99");
    assertEquals(a.vms().get(3).sizeBytes(), same.vms().get(3).sizeBytes());
    assertNotEquals(a.vms().get(3).sizeBytes(), other.vms().get(3).sizeBytes());
  }

  @Test
  void overridesAndSeedWin() throws IOException {
    Scenario s = ScenarioLoader.withReference().fromConfig(com.typesafe.config.ConfigFactory.parseString(TWO_NODES), "t",
        List.of("dpm.max-allowed-parallel-backups=1", "csvsim.vss.provider=hardware"), 42L);
    assertEquals(1, s.dpm().maxAllowedParallelBackups());
    assertEquals(Scenario.Provider.HARDWARE, s.vss().provider());
    assertEquals(42, s.seed());
  }

  // Bad input, case by case: the corpus in src/test/resources/bad-input (BadInputCorpusTest).

  @Test
  void recommendedDpmLimitsFollowTheProvider() {
    String recommended = TWO_NODES + "\ncsvsim.dpm { max-allowed-parallel-backups = recommended, datasource-groups = recommended }\n";
    Scenario software = TestScenarios.load(recommended + "csvsim.vss.provider = software");
    assertEquals(1, software.dpm().maxAllowedParallelBackups());
    assertTrue(software.dpm().dataSourceGroups());
    Scenario hardware = TestScenarios.load(recommended + "csvsim.vss.provider = hardware");
    assertEquals(3, hardware.dpm().maxAllowedParallelBackups());
    assertFalse(hardware.dpm().dataSourceGroups());
    Scenario pinned = TestScenarios.load(recommended + "csvsim.vss.provider = hardware\ncsvsim.dpm.datasource-groups = on");
    assertTrue(pinned.dpm().dataSourceGroups(), "a value set explicitly wins over recommended");
  }

  @Test
  void aBadValueIsLocatedByLine() {
    ScenarioException e = assertThrows(ScenarioException.class, () -> loadFile(TWO_NODES + "\n\ncsvsim.storage.bandwidth = -1\n"));
    assertTrue(e.getMessage().contains("s.conf:8"), e.getMessage());
  }

  @Test
  void missingMalformedAndBadOverrideFilesAreClearErrors() throws IOException {
    ScenarioException missing = assertThrows(ScenarioException.class,
        () -> ScenarioLoader.withReference().load(dir.resolve("nope.conf"), List.of(), null));
    assertTrue(missing.getMessage().contains("no such scenario file"));
    ScenarioException malformed = assertThrows(ScenarioException.class, () -> loadFile("csvsim { scenario { name = "));
    assertTrue(malformed.getMessage().contains("malformed HOCON"), malformed.getMessage());
    ScenarioException override = assertThrows(ScenarioException.class, () -> loadFile(TWO_NODES, "dpm.max-allowed-parallel-backups"));
    assertTrue(override.getMessage().contains("expected key=value"));
    ScenarioException unknownOverride = assertThrows(ScenarioException.class, () -> loadFile(TWO_NODES, "dpm.parallel=2"));
    assertTrue(unknownOverride.getMessage().contains("--set dpm.parallel=2"), unknownOverride.getMessage());
  }
}

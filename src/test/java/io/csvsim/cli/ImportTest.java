package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code csvsim import}: inventories as PowerShell writes them, DPM's group file, and bad ones. */
class ImportTest {

  static final Path INVENTORIES = Path.of("src/test/resources/inventory");
  static final Path BAD = Path.of("src/test/resources/bad-input/inventory");

  @TempDir Path dir;

  static Scenario load(Path file) {
    return ScenarioLoader.withReference().load(file, List.of(), null);
  }

  @Test
  void anExportCsvInventoryBecomesTheClusterItDescribes() {
    // UTF-8 with BOM, a #TYPE line, every field quoted, CRLF, VM paths under C:\ClusterStorage, sizes in bytes.
    Path out = dir.resolve("my-cluster.conf");
    MainTest.Outcome o = MainTest.csvsim("import", INVENTORIES.resolve("cluster-20.csv").toString(), "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    Scenario s = load(out);
    assertEquals("my-cluster", s.name());
    assertEquals(List.of("HV01", "HV02", "HV03"), s.nodes().stream().map(Scenario.NodeSpec::name).toList());
    assertEquals(List.of("Volume1", "Volume2"), s.csvs().stream().map(Scenario.CsvSpec::name).toList());
    assertEquals(20, s.vms().size());
    Scenario.VmSpec vm01 = s.vms().get(0);
    assertEquals("vm01", vm01.name());
    assertEquals(64424632896L, vm01.sizeBytes(), "exact bytes");
    assertEquals(60, vm01.iops());
    assertEquals("00000001-0000-4000-8000-000000000000", vm01.id(), "the VM's id, for DataSourceGroups.xml");
    assertEquals(12, s.vms().stream().filter(v -> v.csv() == 0).count(), "12 VMs on Volume1");
    assertEquals("HV01", s.nodes().get(s.csvs().get(1).coordinator()).name(), "Volume2's coordinator runs most of its VMs");
    assertFalse(s.dpm().dataSourceGroups(), "DPM's defaults without a group file");
  }

  @Test
  void utf16SemicolonsAndOtherHeadersGiveTheSameCluster() {
    Path a = dir.resolve("a.conf");
    Path b = dir.resolve("b.conf");
    assertEquals(0, MainTest.csvsim("import", INVENTORIES.resolve("cluster-20.csv").toString(), "--out", a.toString()).code());
    MainTest.Outcome o = MainTest.csvsim("import", INVENTORIES.resolve("cluster-20-utf16-semicolons.csv").toString(), "--out", b.toString());
    assertEquals(0, o.code(), o.err());
    Scenario utf8 = load(a);
    Scenario utf16 = load(b);
    for (int v = 0; v < 20; v++) {
      Scenario.VmSpec x = utf8.vms().get(v);
      Scenario.VmSpec y = utf16.vms().get(v);
      assertEquals(x.name(), y.name());
      assertTrue(utf8.nodes().get(x.node()).name().equalsIgnoreCase(utf16.nodes().get(y.node()).name()), "node names compare without case");
      assertEquals(utf8.csvs().get(x.csv()).name(), utf16.csvs().get(y.csv()).name());
      assertEquals(x.sizeBytes(), y.sizeBytes(), 0.01 * (1L << 30), "sizes in GB with a decimal comma, PowerShell's GB");
      assertEquals(0.7, y.readRatio(), 1e-12, "Read % 70");
    }
  }

  @Test
  void aStaleDataSourceGroupsFileIsKeptAsDpmHasItAndItsMisplacedVmsAreNamed() {
    Path out = dir.resolve("grouped.conf");
    MainTest.Outcome o = MainTest.csvsim("import", INVENTORIES.resolve("cluster-20.csv").toString(), "--datasource-groups",
        INVENTORIES.resolve("DataSourceGroups.xml").toString(), "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.err().contains("stale: vm13 is on Volume2 but in group 1 with Volume1's VMs"), o.err());
    Scenario s = load(out);
    assertEquals(List.of("1", "2"), s.dpm().groups().stream().map(Scenario.DataSourceGroup::name).toList());
    assertEquals(13, s.dpm().groups().get(0).vms().size(), "Volume1's 12 VMs and vm13, as the file says");
  }

  @Test
  void exportedGroupsReadBackAsTheSameGroups() throws IOException {
    var entries = List.of(new io.csvsim.inventory.DataSourceGroupsXml.Entry("vm01", "id-1", "Volume1"),
        new io.csvsim.inventory.DataSourceGroupsXml.Entry("vm<2>", "id-2", "Volume1"),
        new io.csvsim.inventory.DataSourceGroupsXml.Entry("vm03", "id-3", "Volume2"));
    Path file = dir.resolve("DataSourceGroups.xml");
    Files.write(file, io.csvsim.inventory.DataSourceGroupsXml.write(entries).getBytes(StandardCharsets.UTF_16)); // BOM, big-endian
    var groups = io.csvsim.inventory.DataSourceGroupsXml.read(file);
    assertEquals(List.of(new io.csvsim.inventory.DataSourceGroupsXml.Group("Volume1", List.of("vm01", "vm<2>")),
        new io.csvsim.inventory.DataSourceGroupsXml.Group("Volume2", List.of("vm03"))), groups);
  }

  static Stream<Path> badFiles() throws IOException {
    try (Stream<Path> all = Files.list(BAD)) {
      return all.sorted().toList().stream();
    }
  }

  /** Each bad file's first line says what its one error must contain; the rest is the file. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void everyBadInventoryOrGroupFileGetsOneClearErrorAndWritesNothing(Path bad) throws IOException {
    List<String> lines = Files.readAllLines(bad);
    assertTrue(lines.get(0).startsWith("# expect: "), bad + " starts with '# expect: '");
    Path file = dir.resolve(bad.getFileName());
    Files.writeString(file, String.join("\r\n", lines.subList(1, lines.size())) + "\r\n");
    boolean groups = bad.toString().endsWith(".xml");
    assertRejected(groups ? List.of("import", INVENTORIES.resolve("cluster-20.csv").toString(), "--datasource-groups", file.toString())
        : List.of("import", file.toString()), List.of(lines.get(0).substring("# expect: ".length()).split("\\|")), file.toString());
  }

  @Test
  void anInventoryInNeitherUtf8NorUtf16IsRefused() throws IOException {
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, "\"Name\",\"OwnerNode\",\"CSV\",\"SizeGB\"\r\n\"caf\u00e9\",\"HV01\",\"Volume1\",\"60\"\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertRejected(List.of("import", latin1.toString()), List.of("not UTF-8 or UTF-16 text", "-Encoding UTF8"), latin1.toString());
  }

  void assertRejected(List<String> args, List<String> expected, String file) {
    Path out = dir.resolve("out").resolve("x.conf");
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(List.of("--out", out.toString()));
    MainTest.Outcome o = MainTest.csvsim(all.toArray(String[]::new));
    assertEquals(2, o.code(), "exit code; stderr: " + o.err());
    List<String> errLines = o.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, errLines.size(), "one error line: " + errLines);
    assertTrue(errLines.get(0).contains(file), "names the file: " + errLines.get(0));
    for (String e : expected) assertTrue(errLines.get(0).contains(e.trim()), "says '" + e.trim() + "': " + errLines.get(0));
    assertFalse(errLines.get(0).matches(".*\\b(java|javax|com|org)\\.[a-z]+\\..*|.*[A-Z][a-z]+(Exception|Error)\\b.*"), "no Java class names");
    assertEquals("", o.out());
    assertFalse(Files.exists(out.getParent()), "nothing written");
  }
}

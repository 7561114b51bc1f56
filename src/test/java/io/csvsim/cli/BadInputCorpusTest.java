package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each file in src/test/resources/bad-input names, in its first line
 * ("# expect: a|b"), what its one error message must say. Every case exits with 2, prints one
 * line to stderr and nothing to stdout, and writes nothing.
 */
class BadInputCorpusTest {

  static final Path CORPUS = Path.of("src/test/resources/bad-input");

  @TempDir Path dir;

  static Stream<Path> files() throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.list(CORPUS)) {
      files = all.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
    return files.stream();
  }

  static List<String> expectations(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertTrue(first.startsWith("# expect: "), file + " must start with '# expect: '");
    return List.of(first.substring("# expect: ".length()).split("\\|"));
  }

  void assertRejected(MainTest.Outcome o, Path out, List<String> expected, String what) {
    assertEquals(2, o.code(), what + ": exit code; stderr: " + o.err());
    List<String> lines = o.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), what + ": one error line, got " + lines);
    for (String e : expected) assertTrue(lines.get(0).contains(e.trim()), what + ": says '" + e.trim() + "': " + lines.get(0));
    assertFalse(lines.get(0).matches(".*\\b(java|javax|com|org)\\.[a-z]+\\..*|.*[A-Z][a-z]+(Exception|Error)\\b.*"),
        what + ": no Java class names: " + lines.get(0));
    assertEquals("", o.out(), what + ": no partial output");
    assertFalse(Files.exists(out), what + ": nothing written");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyBadScenarioGetsOneClearErrorAndNoOutput(Path file) throws IOException {
    Path out = dir.resolve("out");
    MainTest.Outcome o = MainTest.csvsim("run", file.toString(), "--out", out.toString());
    List<String> expected = new ArrayList<>(expectations(file));
    expected.add(file.toString()); // the error names the file (or the --set override)
    assertRejected(o, out, expected, file.getFileName().toString());
  }

  @Test
  void theCorpusHasAtLeastFortyCasesWithTheCliOnes() throws IOException {
    assertTrue(files().count() + cliCases().count() >= 40);
  }

  static Stream<Arguments> cliCases() {
    String seed = "conf/scenarios/seed-two-node.conf";
    return Stream.of(
        Arguments.of(new String[] {"run", "conf/scenarios/no-such.conf"}, "no such scenario file"),
        Arguments.of(new String[] {"run", "conf/scenarios"}, "not a readable file"),
        Arguments.of(new String[] {"run", seed, "--seed", "x"}, "'x' is not a long"),
        Arguments.of(new String[] {"run", seed, "--chaos", "-1"}, "--chaos: expected faults per simulated hour"),
        Arguments.of(new String[] {"run", seed, "--chaos", "often"}, "'often' is not a double"),
        Arguments.of(new String[] {"run", seed, "--clock", "sundial"}, "--clock: expected virtual or wall"),
        Arguments.of(new String[] {"run", seed, "--clock", "wall", "--speed", "0"}, "--speed: expected a number > 0"),
        Arguments.of(new String[] {"run", seed, "--set", "dpm.max-allowed-parallel-backups"}, "expected key=value"),
        Arguments.of(new String[] {"run", seed, "--set", "dpm.parallel=2"}, "csvsim.dpm.parallel: unknown key"),
        Arguments.of(new String[] {"run", seed, "--set", "vss.provider=firmware"}, "expected one of software, hardware"),
        Arguments.of(new String[] {"run", seed, "--bogus"}, "Unknown option: '--bogus'"),
        Arguments.of(new String[] {"walk"}, "Unmatched argument"),
        Arguments.of(new String[] {"compare", seed, "--vary", "provider", "--out", "cmp-never"}, "expected KEY=V1,V2"),
        Arguments.of(new String[] {"compare", seed, "--vary", "provider=software,hardware", "--cluster", "--bind", "localhost", "--out", "cmp-never"},
            "--bind localhost: expected HOST:PORT"),
        Arguments.of(new String[] {"worker", "--join", "127.0.0.1"}, "--join 127.0.0.1: expected HOST:PORT"),
        Arguments.of(new String[] {"run", seed, "--replications", "3", "--clock", "wall"}, "--replications: runs the seeds side by side on the virtual clock"),
        Arguments.of(new String[] {"compare", seed, "--vary", "provider=software,hardware", "--replications", "0", "--out", "cmp-never"},
            "--replications: expected 1 to 1000, got 0"),
        Arguments.of(new String[] {"bench", seed, "--raw-seconds", "-1"}, "--raw-seconds: expected a number > 0"),
        Arguments.of(new String[] {"run", seed, "--set", "cluster.vm-defaults.iops=-5"}, "csvsim.cluster.vm-defaults.iops: expected a number >= 0"),
        Arguments.of(new String[] {"run", seed, "--set", "MaxAllowedParallelBackup=2"}, "did you mean 'MaxAllowedParallelBackups'"),
        Arguments.of(new String[] {"run", seed, "--set", "cluster.vm-defaults.size=60"}, "got number 60 without a unit"),
        Arguments.of(new String[] {"run", seed, "--out", "/proc/csvsim-out"}, "--out /proc/csvsim-out: cannot write there"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cliCases")
  void badCommandLinesExitWithTwo(String[] args, String expected) {
    MainTest.Outcome o = MainTest.csvsim(args);
    assertEquals(2, o.code(), String.join(" ", args) + " -> " + o.err());
    assertTrue(o.err().contains(expected), "says '" + expected + "': " + o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace");
    assertEquals("", o.out());
  }

  @Test
  void aFileNestedTenThousandDeepGetsOneLineNotAStackOverflow() throws IOException {
    Path deep = dir.resolve("deep.conf");
    Files.writeString(deep, "csvsim.scenario.name = deep\nx = " + "{ a = ".repeat(10_000) + "1" + " }".repeat(10_000) + "\n");
    Path out = dir.resolve("out");
    assertRejected(MainTest.csvsim("run", deep.toString(), "--out", out.toString()), out, List.of(deep.toString(), "nested too deeply"),
        "10,000 levels");
  }

  @Test
  void anErrorAboutADefaultNamesTheUsersFileWithoutALineOfReferenceConf() {
    MainTest.Outcome o = MainTest.csvsim("run", CORPUS.resolve("empty-topology.conf").toString());
    assertTrue(o.err().startsWith("csvsim: " + CORPUS.resolve("empty-topology.conf") + ": csvsim.cluster: empty topology"), o.err());
  }

  @Test
  void anIncludeIsReadNextToTheFileThatIncludesItWhereverCsvsimRuns() throws IOException {
    Path scenarios = Files.createDirectories(dir.resolve("elsewhere"));
    Files.copy(Path.of("conf/scenarios/seed-two-node.conf"), scenarios.resolve("seed-two-node.conf"));
    Path mine = Files.writeString(scenarios.resolve("my-crash.conf"),
        "include \"seed-two-node.conf\"\ncsvsim.scenario { name = my-crash, duration = 40m }\n");
    MainTest.Outcome o = MainTest.csvsim("run", mine.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("scenario 'my-crash'") && o.out().contains("a-sql"), "the seed's cluster came through the include");
  }

  @Test
  void anUnwritableOutFailsBeforeTheRunAndAnExistingOutIsLeftAsItWas() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    MainTest.Outcome o = MainTest.csvsim("run", "conf/scenarios/seed-two-node.conf", "--out", file.resolve("out").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("not a directory"), o.err());
    Path existing = Files.createDirectories(dir.resolve("previous"));
    Files.writeString(existing.resolve("summary.json"), "{\"old\": true}");
    MainTest.Outcome bad = MainTest.csvsim("run", CORPUS.resolve("mapb-zero.conf").toString(), "--out", existing.toString());
    assertEquals(2, bad.code());
    assertEquals("{\"old\": true}", Files.readString(existing.resolve("summary.json")), "an earlier run's output is untouched");
    try (Stream<Path> left = Files.list(existing)) {
      assertEquals(1, left.count());
    }
  }
}

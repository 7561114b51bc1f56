package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.JobOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SeedBackupAppTest {

  @BeforeAll
  static void logging() {
    // The first test of the run: start SLF4J before the app's ActorSystem logs from several threads at once.
    LoggerFactory.getILoggerFactory();
  }

  @Test
  void theReadmesExampleRunsTheSeedWithTheHardwareProvider() throws Exception {
    SimulationResult result = SeedBackupApp.run(Path.of("conf/scenarios/seed-two-node.conf"));
    assertEquals("hardware", result.provider());
    assertTrue(result.invariantsHold(), String.join("; ", result.invariantViolations()));
    assertTrue(!result.jobs().isEmpty() && result.jobs().stream().allMatch(j -> j.outcome() == JobOutcome.SUCCEEDED));
  }

  @Test
  void theReadmeQuotesTheExampleAsItIs() throws Exception {
    String source = Files.readString(Path.of("src/test/java/example/SeedBackupApp.java"));
    String quoted = source.substring(source.indexOf("  // README: begin\n") + "  // README: begin\n".length(), source.indexOf("  // README: end"));
    String readme = Files.readString(Path.of("README.md"));
    String unindented = quoted.lines().map(line -> line.startsWith("  ") ? line.substring(2) : line).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    assertTrue(readme.contains(unindented), "README.md's embedding example differs from SeedBackupApp.java");
  }
}

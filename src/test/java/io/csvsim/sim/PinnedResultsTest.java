package io.csvsim.sim;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csvsim.report.JsonReport;
import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every shipped scenario but large.conf and xl.conf, pinned: its fingerprint (a hash of every model message in
 * release order) and its whole summary.json but the wall time. An optimisation must change neither;
 * a fidelity change updates the pins in the same commit and says why. To rewrite them:
 * {@code mvn test -Dtest=PinnedResultsTest -Dcsvsim.updatePins=true}.
 */
@ExtendWith(LogCapturingExtension.class)
class PinnedResultsTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final Path PINS = Path.of("src/test/resources/pins");
  static final java.util.Set<String> BIG = java.util.Set.of("large.conf", "xl.conf"); // minutes each: bench runs them

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static Stream<Path> shippedScenarios() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("conf/scenarios"))) {
      return files.filter(f -> f.toString().endsWith(".conf")).filter(f -> !BIG.contains(f.getFileName().toString()))
          .sorted().toList().stream();
    }
  }

  /** summary.json as a run writes it, without what depends on the machine (the wall time). */
  static JsonNode summary(SimulationResult r) throws IOException {
    ObjectNode json = (ObjectNode) JsonReport.mapper().readTree(JsonReport.render(r));
    json.remove("wallSeconds");
    return json;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedScenarios")
  void aShippedScenarioGivesItsPinnedFingerprintAndSummary(Path scenario) throws IOException {
    SimulationResult r = Simulations.run(testKit, ScenarioLoader.withReference().load(scenario, List.of(), null));
    JsonNode actual = summary(r);
    String name = scenario.getFileName().toString().replace(".conf", "");
    Path pin = PINS.resolve(name + ".summary.json");
    if (Boolean.getBoolean("csvsim.updatePins")) {
      Files.createDirectories(PINS);
      Files.writeString(pin, JsonReport.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
      return;
    }
    assertTrue(Files.exists(pin), pin + " is missing: run with -Dcsvsim.updatePins=true to write it");
    JsonNode pinned = JsonReport.mapper().readTree(pin.toFile());
    assertEquals(pinned.get("fingerprint").asText(), actual.get("fingerprint").asText(),
        name + ": the messages differ from the pinned run" + firstDifference(pinned, actual, ""));
    assertEquals(pinned, actual, name + ": the summary differs from the pinned one" + firstDifference(pinned, actual, ""));
  }

  /** The first path where two JSON trees differ, to say what changed. */
  static String firstDifference(JsonNode expected, JsonNode actual, String path) {
    if (expected.equals(actual)) return "";
    if (expected.isContainerNode() && actual.isContainerNode() && expected.size() == actual.size()) {
      var names = expected.fieldNames();
      if (expected.isArray()) {
        for (int i = 0; i < expected.size(); i++) {
          String d = firstDifference(expected.get(i), actual.get(i), path + "[" + i + "]");
          if (!d.isEmpty()) return d;
        }
      }
      while (names.hasNext()) {
        String field = names.next();
        if (!actual.has(field)) return "; first at " + path + "." + field + ": missing";
        String d = firstDifference(expected.get(field), actual.get(field), path + "." + field);
        if (!d.isEmpty()) return d;
      }
    }
    return "; first at " + (path.isEmpty() ? "the top" : path) + ": pinned " + abbreviate(expected) + ", now " + abbreviate(actual);
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}

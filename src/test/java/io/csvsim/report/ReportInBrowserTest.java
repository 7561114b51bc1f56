package io.csvsim.report;

import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.ScenarioLoader;
import io.csvsim.sim.Simulations;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report opened in a real headless Chromium. .ci/run installs Debian's chromium; in CI a
 * missing browser fails the test, on a developer's machine without one it is skipped.
 */
@ExtendWith(LogCapturingExtension.class)
@EnabledIf(value = "chromiumOrCi", disabledReason = "no Chromium on this machine (apt-get install chromium to run this test)")
class ReportInBrowserTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;

  static Path findChromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(candidate))) return Path.of(candidate);
    }
    return null;
  }

  /**
   * Runs where there is a browser, and in CI, where a missing one is a failure. Elsewhere the class
   * is disabled before it starts: a skip, not a failure, so no failed test's logs are printed.
   */
  static boolean chromiumOrCi() {
    return findChromium() != null || System.getenv("CI") != null;
  }

  static Path chromium() {
    Path browser = findChromium();
    if (browser == null) fail("Chromium is missing in CI: .ci/run should have installed Debian's chromium");
    return browser;
  }

  record Run(String stdout, String stderr) {}

  Run browse(Path browser, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--enable-logging=stderr", "--v=0", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish");
    return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theSeedReportRendersOneBarPerJobWithoutConsoleErrorsAndIsNotBlank() throws Exception {
    Path browser = chromium();
    SimulationResult result = Simulations.run(testKit, seed(List.of()));
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(result));
    assertRendersCleanly(browser, page, "<g class=\"job ", 2 * result.jobs().size());
  }

  @Test
  void aMaintenanceReportRendersItsStripWithoutConsoleErrors() throws Exception {
    Path browser = chromium();
    SimulationResult result = Simulations.run(testKit,
        ScenarioLoader.withReference().load(Path.of("conf/scenarios/maintenance-collision.conf"), List.of("maintenance.0.kind=chkdsk-fix"), null));
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(result));
    assertRendersCleanly(browser, page, "class=\"maintenance-hold\"", 1);
  }

  @Test
  void a2012ReportRendersItsSnapshotStripsWithoutConsoleErrors() throws Exception {
    Path browser = chromium();
    SimulationResult result = Simulations.run(testKit, seed(List.of("platform=2012")));
    int snapshots = result.csvs().get(0).snapshots().size();
    assertTrue(snapshots > 1, "the seed's backups take several batches on 2012: " + snapshots);
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(result));
    assertRendersCleanly(browser, page, "class=\"snapshot-batch\"", snapshots);
  }

  @Test
  void thePlanPageRendersItsCandidatesAndParetoFrontWithoutConsoleErrors() throws Exception {
    Path browser = chromium();
    var current = io.csvsim.plan.Candidate.CURRENT;
    var fewer = current.with("MaxAllowedParallelBackups", "1", List.of("dpm.max-allowed-parallel-backups=1"), false);
    var link = current.with("10gbe-dpm-link", "buy", List.of("dpm.backup-network.bandwidth=1250MB"), true);
    var bounds = new io.csvsim.plan.Planner.Bounds(3600, 3000, "Volume1", 2000, "node-a", 1000);
    var a = new io.csvsim.plan.Planner.Evaluation(current, 5400.0, true, 0, 0, 1200, 22.4, "ownership-move", 0, false, true, bounds, 1);
    var b = new io.csvsim.plan.Planner.Evaluation(fewer, 5200.0, true, 0, 0, 1100, 4.9, "array", 0, false, true, bounds, 1);
    var c = new io.csvsim.plan.Planner.Evaluation(link, 4000.0, true, 0, 1, 900, 31.0, null, 0, true, true, bounds, 1);
    var plan = new io.csvsim.plan.Planner.Plan(new io.csvsim.plan.Planner.Target("22:00", 5400, null), List.of(1L), a, c, List.of(a, b, c),
        List.of(b, c), "local search: round 1 improved on no candidate (3 candidates evaluated)", null);
    Path page = dir.resolve("plan.html");
    Files.writeString(page, PlanReport.html("seed-two-node.conf", plan, 20 * 3600 + 1800, "recommended/report.html"));
    assertRendersCleanly(browser, page, "<circle class=\"point", 3);
  }

  @Test
  void theComparisonPageRendersOneBarPerVariantWithoutConsoleErrorsAndIsNotBlank() throws Exception {
    Path browser = chromium();
    List<ComparisonReport.Row> rows = new ArrayList<>();
    for (String provider : List.of("software", "hardware")) {
      SimulationResult r = Simulations.run(testKit, seed(List.of("vss.provider=" + provider, "scenario.name=" + provider)));
      rows.add(ComparisonReport.Row.of("provider=" + provider, java.util.Map.of("provider", provider), r));
    }
    Path page = dir.resolve("comparison.html");
    Files.writeString(page, ComparisonReport.html("seed-two-node", rows));
    assertRendersCleanly(browser, page, "<rect class=\"window\"", 2);
  }

  static io.csvsim.scenario.Scenario seed(List<String> overrides) {
    return ScenarioLoader.withReference().load(Path.of("conf/scenarios/seed-two-node.conf"), overrides, null);
  }

  /** The rendered DOM has {@code expected} elements starting with {@code marker}, no console message, and a drawn screenshot. */
  void assertRendersCleanly(Path browser, Path page, String marker, int expected) throws Exception {
    String url = page.toUri().toString();
    Run dom = browse(browser, "--dump-dom", url);
    int found = dom.stdout().split(java.util.regex.Pattern.quote(marker), -1).length - 1;
    assertEquals(expected, found, "rendered elements " + marker);
    List<String> console = dom.stderr().lines().filter(l -> l.contains("CONSOLE")).toList();
    assertTrue(console.isEmpty(), "console messages: " + console);

    Path png = dir.resolve(page.getFileName() + ".png");
    browse(browser, "--window-size=1250,900", "--screenshot=" + png, url);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "a PNG screenshot");
    Set<Integer> colours = new HashSet<>();
    long notWhite = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) notWhite++;
      }
    }
    assertTrue(colours.size() > 20, "the screenshot has " + colours.size() + " colours");
    assertTrue(notWhite > image.getWidth() * image.getHeight() / 4 / 50, "more than 2% of the screenshot is drawn");
  }
}

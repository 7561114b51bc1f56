package io.csvsim.report;

import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.JobOutcome;
import static org.junit.jupiter.api.Assertions.*;

import io.csvsim.result.SimulationResult;
import io.csvsim.scenario.TestScenarios;
import io.csvsim.sim.Simulations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class HtmlReportTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static SimulationResult result;
  static String html;

  @BeforeAll
  static void run() {
    // A hostile VM name, an unpatched cluster (failed jobs) and a run that ends mid-backup (cancelled jobs).
    result = Simulations.run(testKit, TestScenarios.load("""
        csvsim.cluster {
          nodes = [{ name = node-a }, { name = node-b }]
          csvs = [{ name = "Volume<1>", coordinator = node-a }]
          vms = [
            { name = "<script>alert(1)</script>", node = node-a, csv = "Volume<1>" }
            { name = vm2, node = node-b, csv = "Volume<1>" }
            { name = vm3, node = node-b, csv = "Volume<1>" }
          ]
        }
        """, "scenario.start-time = \"20:59\"", "scenario.duration = 12m", "scenario.patched = false",
        "dpm.protection-groups = [{ name = pg, vms = \"*\", schedule = [\"21:00\"] }]"));
    html = HtmlReport.render(result);
  }

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  @Test
  void namesFromTheScenarioAreShownAsText() {
    assertFalse(html.contains("<script"), "no script element, and the VM's name is escaped");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("Volume&lt;1&gt;"));
  }

  @Test
  void oneBarPerJobInEachChartWithFailedAndCancelledMarked() {
    int jobs = result.jobs().size();
    assertTrue(jobs >= 3);
    assertEquals(2 * jobs, count(html, "<g class=\"job "), "a bar per job per CSV and per node");
    long failed = result.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).count();
    long cancelled = result.jobs().stream().filter(j -> j.outcome() == JobOutcome.CANCELLED).count();
    assertTrue(failed > 0 && cancelled > 0, "the scenario has both");
    assertEquals(2 * failed, count(html, "<g class=\"job failed\""));
    assertEquals(2 * cancelled, count(html, "<g class=\"job cancelled\""));
  }

  @Test
  void redirectBandsNameTheCoordinatorAndTheNumbersAreTheSummarys() {
    assertTrue(count(html, "class=\"band redirected\"") > 0);
    assertTrue(html.contains("coordinator node-"));
    assertTrue(html.contains(">&ge; " + TextReport.duration(result.backupWindowSeconds()) + "<"), "the window, marked incomplete");
    assertTrue(html.contains(TextReport.duration(result.csvs().get(0).redirectedSeconds())));
    for (SimulationResult.NodeResult n : result.nodes()) assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%,d", n.redirectServedOps())));
  }

  @Test
  void accessPeriodsTileTheRunAndAddUpToTheRedirectedTime() {
    SimulationResult.CsvResult csv = result.csvs().get(0);
    double at = 0;
    double redirected = 0;
    for (SimulationResult.AccessPeriod p : csv.accessPeriods()) {
      assertEquals(at, p.from(), 1e-9, "periods are contiguous");
      at = p.to();
      if (p.access() == Access.REDIRECTED) redirected += p.to() - p.from();
    }
    assertEquals(result.simulatedSeconds(), at, 1e-9);
    assertEquals(csv.redirectedSeconds(), redirected, 1e-6);
  }

  @Test
  void lanesNeverHoldOverlappingJobs() {
    for (var lane : HtmlCharts.pack(result.jobs())) {
      for (int i = 1; i < lane.size(); i++) assertTrue(lane.get(i - 1).endedAt() <= lane.get(i).queuedAt());
    }
  }
}

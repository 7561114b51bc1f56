package io.csvsim.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.scenario.Scenario;
import io.csvsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search's bookkeeping, with the simulation replaced by a formula so every figure is known. */
class PlannerTest {

  static final Scenario BASE = ScenarioLoader.withReference().load(Path.of("conf/scenarios/seed-two-node.conf"), List.of(), null);

  /** More parallel backups end sooner; each later seed ends 50 s later. */
  static double lastJobEnd(Candidate c, long seed) {
    int parallel = Integer.parseInt(c.settings().getOrDefault("MaxAllowedParallelBackups", Integer.toString(BASE.dpm().maxAllowedParallelBackups())));
    return 4000 - 100 * parallel + 50 * (seed - BASE.seed());
  }

  @Test
  void aCandidateThatMissesOnItsFirstSeedRunsOnNoOtherAndTheRestCountByTheirWorstSeed() {
    List<Long> seeds = List.of(BASE.seed(), BASE.seed() + 1, BASE.seed() + 2);
    List<Planner.Trial> ran = new ArrayList<>();
    Planner planner = new Planner(BASE, new Planner.Target("21:30", 3600, null), Set.of(), 60, seeds, trials -> {
      ran.addAll(trials);
      return trials.stream().map(t -> new RunFigures(lastJobEnd(t.candidate(), t.seed()), true, 0, 0, 0, 0, null, 0, 0, 0, "-", 0, "-", 0)).toList();
    });
    Planner.Plan plan = planner.search();

    for (Planner.Evaluation e : plan.evaluated()) {
      Candidate c = e.candidate();
      double worst = seeds.stream().mapToDouble(seed -> lastJobEnd(c, seed)).max().orElseThrow();
      assertEquals(worst <= 3600, e.feasible(), c.label() + ": feasible exactly when every seed ends in time");
      boolean firstMisses = lastJobEnd(c, seeds.get(0)) > 3600;
      int expected = firstMisses && !c.equals(Candidate.CURRENT) ? 1 : 3;
      assertEquals(expected, e.seedsRun(), c.label());
      assertEquals(expected, ran.stream().filter(t -> t.candidate().equals(c)).count(), c.label() + "'s runs");
      if (expected == 3) assertEquals(worst, e.lastJobEndedAt(), c.label() + " counts by its worst seed");
    }
    // MaxAllowedParallelBackups 4 meets the target on its first seed only: run on all three, it misses.
    assertTrue(plan.evaluated().stream().anyMatch(e -> e.seedsRun() == 3 && !e.feasible()), "a candidate caught by a later seed");
    assertTrue(plan.evaluated().stream().anyMatch(e -> e.seedsRun() == 1), "a candidate stopped after its first seed");
    assertTrue(plan.recommended().feasible() && plan.recommended().seedsRun() == 3);
    assertTrue(plan.stopReason().contains("in " + ran.size() + " runs of the " + plan.evaluated().size() * 3), plan.stopReason());
  }
}

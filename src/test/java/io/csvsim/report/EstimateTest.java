package io.csvsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csvsim.report.ComparisonReport.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimateTest {

  @Test
  void theIntervalIsStudentsTOnTheSampleStandardDeviationByHand() {
    // 10..18: mean 14, sample sd sqrt(10); t(0.975, 4 df) = 2.776445; half = 2.776445 * sqrt(10) / sqrt(5) = 3.926486.
    Estimate e = Estimate.of(10, 12, 14, 16, 18);
    assertEquals(14, e.mean(), 1e-12);
    assertEquals(Math.sqrt(10), e.sd(), 1e-12);
    assertEquals(14 - 3.926486, e.low(), 1e-5);
    assertEquals(14 + 3.926486, e.high(), 1e-5);
    assertEquals(5, e.n());
  }

  @Test
  void missingValuesAreLeftOutAndOneValueIsItsOwnInterval() {
    Estimate one = Estimate.of(Double.NaN, 7, Double.NaN);
    assertEquals(1, one.n());
    assertEquals(7, one.low());
    assertEquals(7, one.high());
    assertTrue(Double.isNaN(one.sd()));
    assertEquals(0, Estimate.of(Double.NaN).n());
  }

  private static ReplicatedComparison.Variant variant(String name, double... windows) {
    Map<String, Estimate> measures = new java.util.LinkedHashMap<>();
    for (ComparisonReport.Measure m : ComparisonReport.MEASURES) measures.put(m.key(), Estimate.of(0, 0));
    measures.put("backupWindowSeconds", Estimate.of(windows));
    return new ReplicatedComparison.Variant(name, Map.of(), "", List.of(1L, 2L), measures, true, List.<Row>of());
  }

  @Test
  void aVariantIsBestOnlyWhereItsIntervalLiesBelowEveryOther() {
    Map<String, String> apart = ReplicatedComparison.best(List.of(variant("a", 100, 102, 101), variant("b", 200, 203, 201)));
    assertEquals("a", apart.get("backupWindowSeconds"));
    assertEquals(null, apart.get("failedJobs"), "every variant 0: nothing to choose");
    Map<String, String> overlapping = ReplicatedComparison.best(List.of(variant("a", 100, 160, 130), variant("b", 150, 170, 140)));
    assertFalse(overlapping.containsValue("a"), "a's mean is lower, but the intervals overlap");
    assertTrue(overlapping.containsKey("backupWindowSeconds"));
  }
}

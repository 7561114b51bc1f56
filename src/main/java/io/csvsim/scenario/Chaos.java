package io.csvsim.scenario;

import io.csvsim.scenario.Scenario.FaultKind;
import io.csvsim.scenario.Scenario.FaultSpec;
import io.csvsim.scenario.Scenario.SnapshotPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random faults: a Poisson stream of {@code perHour} faults per simulated hour over the
 * whole cluster, each of a kind, target and length drawn uniformly. The same seed gives the same
 * faults, so a chaotic run is as reproducible as any other.
 */
final class Chaos {
  private static final long MINUTE = 60 * Scenario.SECOND;

  private Chaos() {}

  static List<FaultSpec> faults(double perHour, int nodes, int csvs, int vms, long duration, long seed) {
    List<FaultSpec> faults = new ArrayList<>();
    if (perHour <= 0) return faults;
    SplittableRandom random = new SplittableRandom(seed ^ 0x636861_6f73L); // "chaos": its own stream
    FaultKind[] kinds = FaultKind.values();
    double meanGap = 3600.0 * Scenario.SECOND / perHour;
    for (double at = -StrictMath.log(1 - random.nextDouble()) * meanGap; at < duration; at += -StrictMath.log(1 - random.nextDouble()) * meanGap) {
      FaultKind kind = kinds[random.nextInt(kinds.length)];
      int node = random.nextInt(nodes);
      long t = (long) at;
      faults.add(switch (kind) {
        case NODE_CRASH, NETWORK_PARTITION -> FaultSpec.onNode(t, kind, node, minutes(random, 5, 30));
        case STORAGE_PATH_LOSS -> FaultSpec.onNode(t, kind, node, minutes(random, 1, 10));
        case REQUESTER_DEATH, SNAPSHOT_FAILURE -> FaultSpec.onNode(t, kind, node, 0);
        case SNAPSHOT_TIMEOUT -> new FaultSpec(t, kind, node, -1, -1, 0,
            random.nextBoolean() ? SnapshotPhase.FREEZE_THAW : SnapshotPhase.FLUSH_AND_HOLD, 1);
        case OPERATOR_CLEAR -> new FaultSpec(t, kind, -1, random.nextInt(csvs), -1, 0, null, 1);
        case LIVE_MIGRATION -> new FaultSpec(t, kind, node, -1, random.nextInt(vms), 0, null, 1);
        case NETWORK_DEGRADED -> new FaultSpec(t, kind, -1, -1, -1, minutes(random, 5, 30), null, 2 + random.nextInt(9));
        case DPM_RESTART -> new FaultSpec(t, kind, -1, -1, -1, minutes(random, 2, 15), null, 1);
      });
    }
    return faults;
  }

  private static long minutes(SplittableRandom random, int min, int max) {
    return (min + random.nextInt(max - min + 1)) * MINUTE;
  }
}

package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.Latency;
import io.csvsim.result.SimulationResult.VmResult;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * What a latency figure is made of, in words, for every report: the worst redirected p99 with the
 * cause that dominates its tail, and the p99 once ops held at their node are left out.
 */
public final class LatencyStory {
  private LatencyStory() {}

  private static final Map<String, String> CAUSES = Map.of(
      "ownership-move", "ops held while the CSV moved to a new coordinator",
      "failover", "ops held while the CSV failed over from a lost coordinator",
      "lost-path", "ops held while the node had no path to its LUN",
      "coordinator-nic", "queueing at the coordinator's NIC",
      "array", "the array (queue, service, media latency)",
      "network", "network hops");

  /** The worst redirected p99 of a run: the VM, and its latency on that path; null without redirected ops. */
  public record Worst(String vm, Latency latency) {}

  public static Worst worstRedirected(SimulationResult r) {
    return r.vms().stream().filter(v -> v.latencyMs().redirected().count() > 0)
        .max(Comparator.comparingDouble((VmResult v) -> v.latencyMs().redirected().p99()))
        .map(v -> new Worst(v.name(), v.latencyMs().redirected())).orElse(null);
  }

  /** A cause label in words ("ops held while the CSV moved to a new coordinator"). */
  public static String describe(String cause) {
    return cause == null ? "-" : CAUSES.getOrDefault(cause, cause);
  }

  /** "mostly <cause>; p99 without held ops X ms" when holds dominate, else "mostly <cause>". */
  public static String explain(Latency l) {
    if (l.count() == 0) return "no ops";
    String mostly = "mostly " + describe(l.tailCause());
    boolean heldMatters = l.heldOps().values().stream().mapToLong(Long::longValue).sum() > 0 && l.p99NotHeld() < l.p99();
    return heldMatters ? mostly + String.format(Locale.ROOT, "; %.2f ms without held ops", l.p99NotHeld()) : mostly;
  }

  /** One line for a run's headline: "204.80 ms (a-web2): mostly ...", or null without redirected ops. */
  public static String headline(SimulationResult r) {
    Worst w = worstRedirected(r);
    if (w == null) return null;
    return String.format(Locale.ROOT, "%.2f ms (%s): %s", w.latency().p99(), w.vm(), explain(w.latency()));
  }
}

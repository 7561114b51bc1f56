package io.csvsim.plan;

import io.csvsim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Searches the settings an administrator controls for a configuration whose backups end by a
 * time of day (and, if asked, whose worst redirected p99 stays under a limit), evaluating each
 * candidate with the simulation. DPM's limits and the provider are searched exhaustively; then,
 * from the best few, structural moves are tried one at a time while they improve the best (a
 * local search); purchases only when settings alone miss. With several seeds, a candidate that
 * misses on the first is not run on the others. Deterministic for a scenario and seeds.
 */
public final class Planner {

  /** The window must end by {@code windowEndsAt} (seconds after the run's start); optionally a latency limit. */
  public record Target(String windowEnds, long windowEndsAt, Double maxRedirectedP99Ms) {}

  /**
   * A candidate's figures, the worst over its seeds: when its last job ended (seconds after the
   * start; null without jobs), whether every job ended before the run did, VMs left without a
   * successful backup, failed attempts, redirected time, the worst VM's redirected p99 and what
   * made most of its tail (a latency cause: "ownership-move", "array", ...), VM downtime; what
   * bounds its window from below, for saying what binds when nothing meets the target; and on how
   * many seeds it ran (fewer than asked when it missed on its first).
   */
  public record Evaluation(Candidate candidate, Double lastJobEndedAt, boolean complete, int unprotectedVms, int failedJobs,
      double redirectedSeconds, double worstRedirectedP99Ms, String worstCause, double downtimeSeconds, boolean meetsWindow,
      boolean meetsLatency, Bounds bounds, int seedsRun) {
    public boolean feasible() {
      return meetsWindow && meetsLatency;
    }

    public String label() {
      return candidate.label();
    }
  }

  /**
   * Lower bounds on the window from its own jobs: the night's bytes over DPM's link, the time the
   * busiest CSV is held (whole jobs with the software provider, snapshots with a hardware one),
   * and the busiest host's jobs over its MaxAllowedParallelBackups; and the time from the first
   * job's queueing to the target.
   */
  public record Bounds(double availableSeconds, double linkSeconds, String busiestCsv, double csvSeconds, String busiestHost, double hostSeconds) {}

  public record Plan(Target target, List<Long> seeds, Evaluation current, Evaluation recommended, List<Evaluation> evaluated,
      List<Evaluation> pareto, String stopReason, String binding) {}

  private final Scenario base;
  private final Target target;
  private final Set<String> allowed;
  private final int maxCandidates;
  private final List<Long> seeds;
  private final Function<List<Trial>, List<RunFigures>> runner;
  private final Map<Candidate, Evaluation> evaluated = new LinkedHashMap<>();
  private int runs;

  /** One simulation the planner asks for: a candidate on one seed. */
  public record Trial(Candidate candidate, long seed) {}

  /**
   * {@code runner} runs each trial and gives its figures in the trials' order, here or on sweep
   * workers.
   */
  public Planner(Scenario base, Target target, Set<String> allowed, int maxCandidates, List<Long> seeds,
      Function<List<Trial>, List<RunFigures>> runner) {
    this.base = base;
    this.target = target;
    this.allowed = Set.copyOf(allowed);
    this.maxCandidates = maxCandidates;
    this.seeds = List.copyOf(seeds);
    this.runner = runner;
  }

  /** Better first: meets the target, fewer purchases, then fewer changes and an earlier end (or, missing, a smaller miss), lower latency. */
  public static final Comparator<Evaluation> BETTER_FIRST = Comparator.comparing((Evaluation e) -> !e.feasible())
      .thenComparingInt(e -> e.candidate().purchases().size())
      .thenComparingInt(e -> e.unprotectedVms())
      .thenComparingInt(e -> e.feasible() ? e.candidate().settings().size() : 0)
      .thenComparingDouble(e -> e.complete() && e.lastJobEndedAt() != null ? e.lastJobEndedAt() : Double.MAX_VALUE)
      .thenComparingDouble(Evaluation::worstRedirectedP99Ms)
      .thenComparing(Evaluation::label);

  public Plan search() {
    List<Candidate> first = new ArrayList<>();
    first.add(Candidate.CURRENT);
    for (Candidate c : Levers.dpmSettings(base, allowed)) if (!first.contains(c)) first.add(c);
    String stop = evaluate(first);
    int rounds = 0;
    while (stop == null) {
      rounds++;
      Evaluation bestBefore = best();
      List<Candidate> next = new ArrayList<>();
      for (Evaluation e : top(3)) for (Candidate c : Levers.structural(base, e.candidate(), allowed, target.windowEndsAt())) if (!evaluated.containsKey(c) && !next.contains(c)) next.add(c);
      if (next.isEmpty()) {
        stop = "local search: no structural move left to try after " + rounds + (rounds == 1 ? " round" : " rounds");
        break;
      }
      stop = evaluate(next);
      if (stop == null && BETTER_FIRST.compare(best(), bestBefore) >= 0) stop = "local search: round " + rounds + " improved on no candidate";
    }
    if (!best().feasible() && !stop.startsWith("budget")) {
      List<Candidate> bought = new ArrayList<>();
      // On the current settings (the fewest changes) and on the two best.
      List<Candidate> bases = new ArrayList<>(List.of(Candidate.CURRENT));
      for (Evaluation e : top(2)) if (!bases.contains(e.candidate())) bases.add(e.candidate());
      for (Candidate b : bases) for (Candidate c : Levers.purchases(base, b, allowed)) if (!evaluated.containsKey(c) && !bought.contains(c)) bought.add(c);
      if (!bought.isEmpty()) {
        String budget = evaluate(bought);
        stop = budget != null ? budget : stop + "; then " + bought.size() + " with purchases, settings alone missing the target";
      }
    }
    List<Evaluation> all = List.copyOf(evaluated.values());
    Evaluation best = best();
    Evaluation recommended = best.feasible() ? best : null;
    String counted = all.size() + " candidates evaluated" + (seeds.size() == 1 ? "" : ", in " + runs + " runs of the " + all.size() * seeds.size()
        + " their seeds make: one that misses on its first seed does not run on the others");
    return new Plan(target, seeds, evaluated.get(Candidate.CURRENT), recommended, all, pareto(all), stop + " (" + counted + ")",
        recommended == null ? binding(best) : null);
  }

  private Evaluation best() {
    return evaluated.values().stream().min(BETTER_FIRST).orElseThrow();
  }

  private List<Evaluation> top(int n) {
    return evaluated.values().stream().sorted(BETTER_FIRST).limit(n).toList();
  }

  /**
   * Runs the batch (cut to the budget); a reason to stop when the budget ran out, else null. Every
   * candidate runs on the first seed and only those that meet the target there (and the current
   * settings, for the comparison) on the others: a candidate counts by its worst seed, so one that
   * misses on the first misses.
   */
  private String evaluate(List<Candidate> batch) {
    int room = maxCandidates - evaluated.size();
    List<Candidate> run = batch.size() > room ? batch.subList(0, Math.max(0, room)) : batch;
    if (!run.isEmpty()) {
      Map<Candidate, List<RunFigures>> perCandidate = new LinkedHashMap<>();
      List<RunFigures> first = trials(run, seeds.subList(0, 1));
      List<Candidate> onward = new ArrayList<>();
      for (int i = 0; i < run.size(); i++) {
        Candidate c = run.get(i);
        perCandidate.put(c, new ArrayList<>(List.of(first.get(i))));
        if (seeds.size() > 1 && (c.equals(Candidate.CURRENT) || figures(c, List.of(first.get(i))).feasible())) onward.add(c);
      }
      List<Long> rest = seeds.subList(1, seeds.size());
      List<RunFigures> more = onward.isEmpty() ? List.of() : trials(onward, rest);
      for (int k = 0; k < more.size(); k++) perCandidate.get(onward.get(k / rest.size())).add(more.get(k));
      perCandidate.forEach((c, figures) -> evaluated.put(c, figures(c, figures)));
    }
    return run.size() < batch.size() ? "budget: --max-candidates " + maxCandidates + " reached" : null;
  }

  /** Each candidate on each seed, candidate by candidate. */
  private List<RunFigures> trials(List<Candidate> candidates, List<Long> onSeeds) {
    List<Trial> trials = new ArrayList<>();
    for (Candidate c : candidates) for (long seed : onSeeds) trials.add(new Trial(c, seed));
    runs += trials.size();
    return runner.apply(trials);
  }

  private Evaluation figures(Candidate c, List<RunFigures> perSeed) {
    Double last = null;
    boolean complete = true;
    int unprotected = 0;
    int failed = 0;
    double redirected = 0;
    double p99 = 0;
    String cause = null;
    double downtime = 0;
    RunFigures heaviest = null;
    for (RunFigures run : perSeed) {
      if (run.lastJobEndedAt() != null) last = last == null ? run.lastJobEndedAt() : Math.max(last, run.lastJobEndedAt());
      complete &= run.complete();
      unprotected = Math.max(unprotected, run.unprotectedVms());
      failed = Math.max(failed, run.failedJobs());
      redirected = Math.max(redirected, run.redirectedSeconds());
      if (run.worstRedirectedP99Ms() > p99) {
        p99 = run.worstRedirectedP99Ms();
        cause = run.worstCause();
      }
      downtime = Math.max(downtime, run.downtimeSeconds());
      if (heaviest == null || run.boundsWeight() > heaviest.boundsWeight()) heaviest = run;
    }
    Bounds bounds = heaviest == null ? null : new Bounds(target.windowEndsAt() - heaviest.firstQueuedAt(), heaviest.linkSeconds(),
        heaviest.busiestCsv(), heaviest.csvSeconds(), heaviest.busiestHost(), heaviest.hostSeconds());
    boolean meetsWindow = complete && unprotected == 0 && (last == null || last <= target.windowEndsAt());
    boolean meetsLatency = target.maxRedirectedP99Ms() == null || p99 <= target.maxRedirectedP99Ms();
    return new Evaluation(c, last, complete, unprotected, failed, redirected, p99, cause, downtime, meetsWindow, meetsLatency, bounds,
        perSeed.size());
  }

  /** Which lower bound on the best candidate's window is largest against the time available, and by how much it exceeds it. */
  private String binding(Evaluation best) {
    Bounds b = best.bounds();
    if (b == null) return "no backup job ran";
    String window = "the " + duration(b.availableSeconds()) + " from the first job to " + target.windowEnds();
    record Bound(String what, double seconds) {}
    List<Bound> bounds = List.of(
        new Bound("DPM's link: the night's transfers alone take " + duration(b.linkSeconds()), b.linkSeconds()),
        new Bound("the CSV holding most: " + b.busiestCsv() + " is held by its backups one at a time for " + duration(b.csvSeconds()), b.csvSeconds()),
        new Bound("the host limit: " + b.busiestHost() + "'s backups take " + duration(b.hostSeconds()) + " at MaxAllowedParallelBackups "
            + "per host", b.hostSeconds()));
    Bound worst = bounds.stream().max(Comparator.comparingDouble(Bound::seconds)).orElseThrow();
    if (!best.meetsLatency() && best.meetsWindow()) {
      return "latency: the best candidate's worst redirected p99 is " + String.format(Locale.ROOT, "%.2f", best.worstRedirectedP99Ms())
          + " ms, over the " + String.format(Locale.ROOT, "%.2f", target.maxRedirectedP99Ms()) + " ms limit";
    }
    double over = worst.seconds() - b.availableSeconds();
    String why = over > 0 ? worst.what() + ", " + duration(over) + " more than " + window
        : "no single bound exceeds " + window + " (the largest is " + worst.what() + "); the jobs' waits for one another add up past it";
    List<Evaluation> tooSlowForVms = evaluated.values().stream().filter(e -> e.meetsWindow() && !e.meetsLatency())
        .sorted(Comparator.comparingDouble(Evaluation::worstRedirectedP99Ms)).toList();
    if (tooSlowForVms.isEmpty()) return why;
    Evaluation least = tooSlowForVms.get(0);
    return why + "; " + tooSlowForVms.size() + " candidates end in time but over the latency limit, the least so "
        + least.label() + String.format(Locale.ROOT, " at %.2f ms", least.worstRedirectedP99Ms());
  }

  /** Candidates no other beats on both the window's end and the worst redirected p99 (complete runs only). */
  static List<Evaluation> pareto(List<Evaluation> all) {
    List<Evaluation> complete = all.stream().filter(e -> e.complete() && e.lastJobEndedAt() != null).toList();
    List<Evaluation> front = new ArrayList<>();
    for (Evaluation e : complete) {
      boolean dominated = complete.stream().anyMatch(o -> o != e && o.lastJobEndedAt() <= e.lastJobEndedAt()
          && o.worstRedirectedP99Ms() <= e.worstRedirectedP99Ms()
          && (o.lastJobEndedAt() < e.lastJobEndedAt() || o.worstRedirectedP99Ms() < e.worstRedirectedP99Ms()));
      if (!dominated) front.add(e);
    }
    front.sort(Comparator.comparingDouble(Evaluation::lastJobEndedAt).thenComparing(Evaluation::label));
    return front;
  }

  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}

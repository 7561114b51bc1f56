package io.csvsim.plan;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.scenario.Scenario;
import java.util.HashMap;
import java.util.Map;

/**
 * What the planner keeps of one simulation of a candidate, small enough to come back from a sweep
 * worker: when its last job ended (seconds after the start; null without jobs), whether every job
 * ended before the run did, VMs left without a successful backup, failed attempts, redirected
 * time, the worst VM's redirected p99 and what made most of its tail, VM downtime; and the lower
 * bounds on its window (see {@link Planner.Bounds}) with the first job's queueing time.
 */
public record RunFigures(Double lastJobEndedAt, boolean complete, int unprotectedVms, int failedJobs, double redirectedSeconds,
    double worstRedirectedP99Ms, String worstCause, double downtimeSeconds, double firstQueuedAt, double linkSeconds, String busiestCsv,
    double csvSeconds, String busiestHost, double hostSeconds) {

  public static RunFigures of(Scenario scenario, SimulationResult r) {
    Double last = r.jobs().stream().map(JobResult::endedAt).max(Double::compare).orElse(null);
    int failed = (int) r.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).count();
    double redirected = r.csvs().stream().mapToDouble(SimulationResult.CsvResult::redirectedSeconds).sum();
    double p99 = 0;
    String cause = null;
    for (SimulationResult.VmResult vm : r.vms()) {
      if (vm.latencyMs().redirected().count() > 0 && vm.latencyMs().redirected().p99() > p99) {
        p99 = vm.latencyMs().redirected().p99();
        cause = vm.latencyMs().redirected().tailCause();
      }
    }
    double downtime = r.vms().stream().mapToDouble(SimulationResult.VmResult::downtimeSeconds).sum();
    double firstQueued = r.jobs().stream().mapToDouble(JobResult::queuedAt).min().orElse(0);
    double link = r.dpm().bytesReceived() / scenario.dpm().transferRate();
    // A job's own work runs from its CSV's pin to its end; what a CSV serialises depends on the provider.
    boolean software = "software".equals(r.provider());
    Map<String, Double> perCsv = new HashMap<>();
    Map<String, Double> perHost = new HashMap<>();
    for (JobResult j : r.jobs()) {
      if (j.preparedAt() == null) continue;
      double work = j.endedAt() - j.preparedAt();
      double held = software ? work : (j.snapshotAt() != null ? j.snapshotAt() - j.preparedAt() : 0);
      perCsv.merge(j.csv(), held, Double::sum);
      perHost.merge(j.node(), work / r.dpm().maxAllowedParallelBackups(), Double::sum);
    }
    Map.Entry<String, Double> csv = perCsv.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry("-", 0.0));
    Map.Entry<String, Double> host = perHost.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry("-", 0.0));
    return new RunFigures(last, r.backupWindowComplete(), unprotected(r), failed, redirected, p99, cause, downtime, firstQueued, link,
        csv.getKey(), csv.getValue(), host.getKey(), host.getValue());
  }

  /** VMs with a job but no successful one. */
  private static int unprotected(SimulationResult r) {
    Map<String, Boolean> backedUp = new HashMap<>();
    for (JobResult j : r.jobs()) backedUp.merge(j.vm(), j.outcome() == JobOutcome.SUCCEEDED, Boolean::logicalOr);
    return (int) backedUp.values().stream().filter(ok -> !ok).count();
  }

  /** The sum of the three bounds: the run whose bounds weigh most speaks for a candidate's binding constraint. */
  double boundsWeight() {
    return linkSeconds + csvSeconds + hostSeconds;
  }
}

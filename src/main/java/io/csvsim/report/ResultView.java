package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.result.SimulationResult.JobResult;
import io.csvsim.result.SimulationResult.VmResult;
import java.util.Comparator;
import java.util.List;

/** The questions the text summary and report.html both answer, asked one way, so the two agree. */
final class ResultView {
  private ResultView() {}

  /** How many of the VMs most hurt by redirected I/O the reports list. */
  static final int MOST_HURT = 10;

  /** The VMs that ran redirected I/O, worst redirected p99 first, at most {@link #MOST_HURT}. */
  static List<VmResult> mostHurt(SimulationResult r) {
    return r.vms().stream().filter(v -> v.redirectedOps() > 0)
        .sorted(Comparator.comparingDouble((VmResult v) -> v.latencyMs().redirected().p99()).reversed()).limit(MOST_HURT).toList();
  }

  static List<JobResult> failed(SimulationResult r) {
    return r.jobs().stream().filter(j -> j.outcome() == JobOutcome.FAILED).toList();
  }

  /** Retries and consistency checks: the jobs an administrator looks at after a fault. */
  static List<JobResult> retried(SimulationResult r) {
    return r.jobs().stream().filter(j -> j.attempt() > 1 || j.kind() == JobKind.CONSISTENCY_CHECK).toList();
  }

  /** Without CSV nothing is redirected: no NIC or redirect tables then. */
  static boolean sharedVolumes(SimulationResult r) {
    return r.mode().equals("csv");
  }
}

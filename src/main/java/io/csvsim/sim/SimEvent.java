package io.csvsim.sim;

import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult.JobOutcome;

/**
 * What a run does as it goes, for a subscriber ({@link ClusterSimulation.Subscribe}). Times are
 * seconds since the start of the simulation, as in {@link io.csvsim.result.SimulationResult};
 * names are the scenario's. Events come in time order; those of one instant in no set order.
 * Watching never changes the run: the same events end up in the result.
 */
public sealed interface SimEvent {

  /** Seconds since the start of the simulation. */
  double at();

  /** A backup job: its id, its VM, the node its agent runs on, and the VM's CSV. */
  sealed interface JobEvent extends SimEvent {
    long jobId();

    String vm();

    String node();

    String csv();
  }

  /** DPM queued a job (a schedule fired or a retry fell due). */
  record JobQueued(double at, long jobId, String vm, String node, String csv, JobKind kind, int attempt) implements JobEvent {}

  /** DPM started a job: the VM's node was asked for a snapshot. */
  record JobStarted(double at, long jobId, String vm, String node, String csv) implements JobEvent {}

  /** The job's node coordinates the CSV and holds it for the snapshot, after moving it if it had to. */
  record JobPinned(double at, long jobId, String vm, String node, String csv, double ownershipMoveSeconds) implements JobEvent {}

  /** The snapshot exists; the transfer to DPM starts with this many bytes. */
  record SnapshotTaken(double at, long jobId, String vm, String node, String csv, long bytes) implements JobEvent {}

  /** The job succeeded or failed ({@code reason} says why it failed). */
  record JobEnded(double at, long jobId, String vm, String node, String csv, JobOutcome outcome, String reason)
      implements JobEvent {}

  /** A CSV's access changed: direct, moving to a new coordinator, or redirected through {@code coordinator}. */
  record CsvAccessChanged(double at, String csv, Access access, String coordinator) implements SimEvent {}

  /** An injected fault or one of its follow-ups, as in the result's fault list. */
  record Fault(double at, String kind, String target, String what) implements SimEvent {}

  /** The last event of a run: the simulated time is over; the result follows. */
  record RunEnded(double at) implements SimEvent {}
}

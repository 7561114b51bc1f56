package io.csvsim.sim;

import io.csvsim.internal.model.CsvVolume;
import io.csvsim.internal.model.FaultEvent;
import io.csvsim.internal.model.JobRecord;
import io.csvsim.internal.model.ModelObserver;
import io.csvsim.result.SimulationResult.Access;
import io.csvsim.result.SimulationResult.JobKind;
import io.csvsim.result.SimulationResult.JobOutcome;
import io.csvsim.scenario.Scenario;
import java.util.function.Consumer;

/**
 * Turns what the model reports into {@link SimEvent}s with the scenario's names and hands them to
 * the simulation's guardian, which passes them on to its subscribers. Silent while nobody listens.
 */
final class EventRelay implements ModelObserver {
  private static final double S = Scenario.SECOND;
  private final Scenario scenario;
  private final Consumer<SimEvent> publish;
  private volatile boolean watching;

  EventRelay(Scenario scenario, Consumer<SimEvent> publish) {
    this.scenario = scenario;
    this.publish = publish;
  }

  void startWatching() {
    watching = true;
  }

  @Override
  public boolean watching() {
    return watching;
  }

  @Override
  public void job(JobStage stage, JobRecord job) {
    if (!watching) return;
    String vm = scenario.vms().get(job.vm()).name();
    String node = scenario.nodes().get(job.node()).name();
    String csv = scenario.csvs().get(job.csv()).name();
    publish.accept(switch (stage) {
      case QUEUED -> new SimEvent.JobQueued(job.queuedAt() / S, job.id(), vm, node, csv, JobKind.valueOf(job.kind().name()), job.attempt());
      case STARTED -> new SimEvent.JobStarted(job.startedAt() / S, job.id(), vm, node, csv);
      case PINNED -> new SimEvent.JobPinned(job.preparedAt() / S, job.id(), vm, node, csv, job.moveMicros() / S);
      case SNAPSHOT -> new SimEvent.SnapshotTaken(job.snapshotAt() / S, job.id(), vm, node, csv, job.bytes());
      case ENDED -> new SimEvent.JobEnded(job.endedAt() / S, job.id(), vm, node, csv, JobOutcome.valueOf(job.outcome().name()), job.reason());
    });
  }

  @Override
  public void csvAccess(long at, int csv, CsvVolume.Access access, int coordinator) {
    if (!watching) return;
    publish.accept(new SimEvent.CsvAccessChanged(at / S, scenario.csvs().get(csv).name(), Access.valueOf(access.name()),
        scenario.nodes().get(coordinator).name()));
  }

  @Override
  public void fault(FaultEvent event) {
    if (!watching) return;
    publish.accept(new SimEvent.Fault(event.at() / S, event.kind(), event.target(), event.what()));
  }
}

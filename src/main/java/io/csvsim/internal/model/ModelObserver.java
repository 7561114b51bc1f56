package io.csvsim.internal.model;

/**
 * What model actors report as a run goes, for whoever watches it. Called from the model actors'
 * handlers (several threads), so an implementation must be thread-safe and quick; the model never
 * reads anything back, so watching cannot change a result.
 */
public interface ModelObserver {

  /** Nobody watches: the model skips building what it would report. */
  ModelObserver NONE = new ModelObserver() {};

  /** Where a backup job is in its life. */
  enum JobStage {
    /** DPM queued it. */ QUEUED,
    /** DPM started it: its agent was asked to prepare a snapshot. */ STARTED,
    /** The job's node coordinates the CSV and holds it for the snapshot. */ PINNED,
    /** The snapshot exists; the transfer starts. */ SNAPSHOT,
    /** It succeeded or failed. */ ENDED
  }

  /** Whether anyone listens now; the model asks before it builds a report. */
  default boolean watching() {
    return false;
  }

  /** {@code job} as DPM has it when it reached {@code stage}. */
  default void job(JobStage stage, JobRecord job) {}

  /** CSV {@code csv}'s access changed at {@code at} µs; {@code coordinator} is its coordinator from then. */
  default void csvAccess(long at, int csv, CsvVolume.Access access, int coordinator) {}

  /** A fault or one of its follow-ups, as the actor that saw it records it. */
  default void fault(FaultEvent event) {}
}

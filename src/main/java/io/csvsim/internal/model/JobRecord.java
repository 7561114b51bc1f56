package io.csvsim.internal.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One backup job attempt as DPM recorded it, immutable: what DPM hands over at the end of a run.
 * Times are µs since the start, -1 where the job never got there.
 */
public record JobRecord(
    long id,
    int vm,
    int node,
    int csv,
    int attempt,
    JobRecord.Kind kind,
    long queuedAt,
    long startedAt,
    long preparedAt,
    long snapshotAt,
    long endedAt,
    long moveMicros,
    long downtimeMicros,
    long bytes,
    JobRecord.Outcome outcome,
    String reason,
    Map<WaitReason, Long> waited) {

  public JobRecord {
    EnumMap<WaitReason, Long> inOrder = new EnumMap<>(WaitReason.class); // reports list the reasons in one order
    inOrder.putAll(waited);
    waited = Collections.unmodifiableMap(inOrder);
  }

  public enum Kind {
    EXPRESS_FULL, INITIAL_REPLICA, CONSISTENCY_CHECK;

    public String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  public enum Outcome {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String label() {
      return name().toLowerCase();
    }
  }
}

package io.csvsim.internal.model;

/** Why a backup job waited: for a slot under its host's limit, its CSV's group, the CSV (held by another backup or by maintenance), its VM, or DPM. */
public enum WaitReason {
  HOST_LIMIT, DATASOURCE_GROUP, CSV_BUSY, CSV_MAINTENANCE, VM_OFFLINE, DPM_DOWN;

  /** The name reports use, e.g. "host-limit". */
  public String label() {
    return name().toLowerCase().replace('_', '-');
  }
}

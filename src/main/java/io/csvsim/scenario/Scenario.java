package io.csvsim.scenario;

import java.util.List;

/**
 * An immutable, validated scenario. Times are microseconds, sizes bytes, rates per second.
 * Entities are referred to by their index in these lists throughout the model. {@code overrides}
 * are the settings given beside the file (--set, --seed), as key=value, so reports say what differs.
 */
public record Scenario(
    String name,
    String source,
    long seed,
    Mode mode,
    Platform platform,
    boolean patched,
    long startTimeOfDay,
    long duration,
    long ioTick,
    long bucket,
    List<NodeSpec> nodes,
    List<CsvSpec> csvs,
    List<VmSpec> vms,
    StorageSpec storage,
    NetworkSpec network,
    long ownershipMoveTime,
    long autoClearTime,
    FailoverSpec failover,
    VssSpec vss,
    DpmSpec dpm,
    List<FaultSpec> faults,
    List<MaintenanceSpec> maintenance,
    long snapshotBatchWindow,
    List<String> overrides,
    List<String> warnings) {

  public Scenario {
    nodes = List.copyOf(nodes);
    csvs = List.copyOf(csvs);
    vms = List.copyOf(vms);
    faults = List.copyOf(faults);
    maintenance = List.copyOf(maintenance);
    overrides = List.copyOf(overrides);
    warnings = List.copyOf(warnings);
  }

  public static final long SECOND = 1_000_000L;
  public static final long DAY = 86_400L * SECOND;

  /** "HH:mm" or "HH:mm:ss" as µs since midnight; -1 for anything else. */
  public static long timeOfDay(String raw) {
    if (!raw.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) return -1;
    String[] hms = raw.split(":");
    int h = Integer.parseInt(hms[0]);
    int m = Integer.parseInt(hms[1]);
    int s = hms.length > 2 ? Integer.parseInt(hms[2]) : 0;
    return h > 23 || m > 59 || s > 59 ? -1 : (h * 3600L + m * 60L + s) * SECOND;
  }

  public enum Mode { CSV, NON_CSV }

  /**
   * The Windows Server release the cluster runs, with the DPM that protects it: 2008 R2 with DPM
   * 2010 (the seed), or 2012 / 2012 R2 (CSV 2.0) with DPM 2012 SP1.
   */
  public enum Platform {
    WS2008R2("2008r2", "Windows Server 2008 R2", "DPM 2010", 16, 1000),
    WS2012("2012", "Windows Server 2012", "DPM 2012 SP1", 64, 8000),
    WS2012R2("2012r2", "Windows Server 2012 R2", "DPM 2012 SP1", 64, 8000);

    private final String label;
    /** As people name it: "Windows Server 2012 R2". */
    public final String windowsName;
    private final String dpmName;
    /** Microsoft's supported limits per failover cluster. */
    public final int maxNodes;
    public final int maxVms;

    Platform(String label, String windowsName, String dpmName, int maxNodes, int maxVms) {
      this.label = label;
      this.windowsName = windowsName;
      this.dpmName = dpmName;
      this.maxNodes = maxNodes;
      this.maxVms = maxVms;
    }

    /** The name scenarios and reports use: 2008r2, 2012, 2012r2. */
    public String label() {
      return label;
    }

    /** The platform of a label, e.g. a result's. */
    public static Platform of(String label) {
      for (Platform p : values()) if (p.label.equals(label)) return p;
      throw new IllegalArgumentException("no platform " + label);
    }

    /** "Windows Server 2012 R2 + DPM 2012 SP1". */
    public String fullName() {
      return windowsName + " + " + dpmName;
    }

    /**
     * CSV 2.0: backups redirect no VM I/O, one distributed snapshot per CSV serves the VMs backed up
     * together, and a lost storage path redirects at block level.
     */
    public boolean csv2() {
      return this != WS2008R2;
    }

    /** 2012 R2: the cluster spreads coordinators evenly over the nodes and keeps them so. */
    public boolean balancesCoordinators() {
      return this == WS2012R2;
    }

    /** 2012 R2's Hyper-V writer no longer mounts the snapshot on the host for auto-recovery. */
    public boolean hostAutoRecovery() {
      return this != WS2012R2;
    }
  }

  public enum Provider { SOFTWARE, HARDWARE }

  public enum Arrival { CONSTANT, POISSON }

  public enum BackupMode { ONLINE, OFFLINE }

  public enum ServiceTime { DETERMINISTIC, EXPONENTIAL }

  public record NodeSpec(String name) {}

  public enum FaultKind {
    REQUESTER_DEATH, SNAPSHOT_FAILURE, SNAPSHOT_TIMEOUT, OPERATOR_CLEAR, NODE_CRASH, NETWORK_PARTITION,
    STORAGE_PATH_LOSS, LIVE_MIGRATION, NETWORK_DEGRADED, DPM_RESTART;

    /** The name scenarios and reports use, e.g. "node-crash". */
    public String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /** Which VSS timeout a snapshot-timeout fault exceeds. */
  public enum SnapshotPhase { FREEZE_THAW, FLUSH_AND_HOLD }

  /**
   * A fault injected at {@code at} (µs since the start). {@code node} is the node it strikes (for a
   * live migration, the target), {@code csv} and {@code vm} what it names; -1 where not used.
   * {@code duration} is how long it lasts (0: until the end); {@code phase} and {@code factor} only
   * for snapshot timeouts and a degraded network.
   */
  public record FaultSpec(long at, FaultKind kind, int node, int csv, int vm, long duration, SnapshotPhase phase, double factor) {

    public static FaultSpec onNode(long at, FaultKind kind, int node, long duration) {
      return new FaultSpec(at, kind, node, -1, -1, duration, null, 1);
    }
  }

  /**
   * What an administrator runs on a CSV from one node. Each needs the volume gathered on that node:
   * chkdsk (scan), defrag and redirected access with every other node redirected through it,
   * chkdsk-fix (chkdsk /f) in maintenance mode, with every VM using the volume stopped. All but
   * redirected access work the disk.
   */
  public enum MaintenanceKind {
    CHKDSK, CHKDSK_FIX, DEFRAG, REDIRECTED_ACCESS;

    /** The name scenarios and reports use, e.g. "redirected-access". */
    public String label() {
      return name().toLowerCase().replace('_', '-');
    }

    public boolean worksTheDisk() {
      return this != REDIRECTED_ACCESS;
    }

    /** Maintenance mode: the cluster stops (saves) every VM using the volume until it ends. */
    public boolean stopsVms() {
      return this == CHKDSK_FIX;
    }
  }

  /**
   * Maintenance asked for at {@code at} (µs since the start) on volume {@code csv} from node
   * {@code node}, lasting {@code duration} once it holds the volume, and reading or writing the
   * array at {@code diskBytesPerSecond} meanwhile (0 for redirected access).
   */
  public record MaintenanceSpec(long at, int csv, int node, MaintenanceKind kind, long duration, double diskBytesPerSecond) {}

  /**
   * How the failover cluster reacts to a lost node: heartbeats missed before it is declared down,
   * a VM's restart on another node, a coordinator's failover, and a live migration's length.
   */
  public record FailoverSpec(long detectionTime, long vmRestartTime, long csvFailoverTime, long liveMigrationTime) {}

  /** A volume; in non-CSV mode it is a LUN used only by its owner node. */
  public record CsvSpec(String name, int coordinator) {}

  public record VmSpec(
      String name,
      int node,
      int csv,
      long sizeBytes,
      double iops,
      double readRatio,
      int ioSizeBytes,
      Arrival arrival,
      double[] hourlyProfile,
      double dailyChangeRate,
      BackupMode backupMode,
      String id) {

    public VmSpec {
      hourlyProfile = hourlyProfile.clone();
    }

    /** This VM with its Hyper-V id (what DPM's DataSourceGroups.xml calls ComponentName). */
    public VmSpec withId(String vmId) {
      return new VmSpec(name, node, csv, sizeBytes, iops, readRatio, ioSizeBytes, arrival, hourlyProfile, dailyChangeRate, backupMode, vmId);
    }

    /** The 24 hourly factors of the daily profile, or none; a copy. */
    @Override
    public double[] hourlyProfile() {
      return hourlyProfile.clone();
    }

    /** Mean IOPS at a simulated time, following the optional 24-value daily profile. */
    public double iopsAt(long startTimeOfDay, long time) {
      if (hourlyProfile.length == 0) return iops;
      int hour = (int) (((startTimeOfDay + time) % DAY) / (3600 * SECOND));
      return iops * hourlyProfile[hour];
    }
  }

  public record StorageSpec(
      double maxIops, double bandwidth, long baseLatency, long fabricLatency, double writeCost, ServiceTime serviceTime) {

    /** Mean service time of one op at the array's shared controller, in microseconds. */
    public double meanServiceMicros(int ioSizeBytes, boolean write) {
      double seconds = Math.max(1.0 / maxIops, ioSizeBytes / bandwidth);
      return seconds * SECOND * (write ? writeCost : 1.0);
    }
  }

  /**
   * The cluster (CSV) network that carries redirected I/O to the coordinator. {@code
   * blockRedirectPerOpOverhead}: the per-op cost of CSV 2.0's block-level redirection (a lost storage path, 2012+).
   */
  public record NetworkSpec(double bandwidth, long latency, long perOpOverhead, ServiceTime serviceTime, long blockRedirectPerOpOverhead) {

    public double meanServiceMicros(int ioSizeBytes) {
      return perOpOverhead + ioSizeBytes / bandwidth * SECOND;
    }

    public double meanBlockServiceMicros(int ioSizeBytes) {
      return blockRedirectPerOpOverhead + ioSizeBytes / bandwidth * SECOND;
    }
  }

  /**
   * {@code hardwareAvailable}: the array offers a VSS hardware provider (so a plan may switch to it).
   * {@code autoRecoveryTime}: the part of a snapshot's time the host spends mounting it for the
   * Hyper-V writer's auto-recovery; {@code hostAutoRecovery} false (2012 R2): that step is gone.
   */
  public record VssSpec(Provider provider, long softwareSnapshotTime, long hardwareSnapshotTime, long freezeThawTimeout,
      long flushAndHoldTimeout, boolean hardwareAvailable, long autoRecoveryTime, boolean hostAutoRecovery) {
    public long snapshotTime() {
      long time = provider == Provider.SOFTWARE ? softwareSnapshotTime : hardwareSnapshotTime;
      return hostAutoRecovery ? time : time - autoRecoveryTime;
    }
  }

  /**
   * A DPM protection group. {@code previousBackupTimeOfDay} is when its VMs' last backup before the
   * run took its snapshot (-1: at the schedule time before each VM's first job).
   */
  public record ProtectionGroup(String name, List<Integer> vms, List<Long> scheduleTimesOfDay, long previousBackupTimeOfDay) {

    public ProtectionGroup {
      vms = List.copyOf(vms);
      scheduleTimesOfDay = List.copyOf(scheduleTimesOfDay);
    }

    /**
     * How long before a job scheduled at {@code scheduledTimeOfDay} the VM's previous backup took
     * its snapshot, when the run has seen none: the previous occurrence of the group's schedule
     * (a day for a once-a-day schedule), or the latest {@code previousBackupTimeOfDay} before it.
     */
    public long sincePreviousBackup(long scheduledTimeOfDay) {
      List<Long> candidates = previousBackupTimeOfDay >= 0 ? List.of(previousBackupTimeOfDay) : scheduleTimesOfDay;
      long since = DAY;
      for (long t : candidates) {
        long gap = Math.floorMod(scheduledTimeOfDay - t, DAY);
        if (gap > 0) since = Math.min(since, gap);
      }
      return since;
    }
  }

  /** A DPM DataSourceGroup: at most one backup of its VMs runs at a time. */
  public record DataSourceGroup(String name, List<Integer> vms) {
    public DataSourceGroup {
      vms = List.copyOf(vms);
    }
  }

  /**
   * DPM's settings. {@code groups}: the DataSourceGroups in effect (empty: off); by default one
   * per CSV with its VMs, as DSConfig.ps1 makes them, or as a scenario lists them.
   */
  public record DpmSpec(
      int maxAllowedParallelBackups,
      List<DataSourceGroup> groups,
      double backupNetworkBandwidth,
      double transferEfficiency,
      double maxTransferRatePerJob,
      boolean replicasExist,
      int maxAttempts,
      long retryDelay,
      List<ProtectionGroup> protectionGroups) {

    public DpmSpec {
      groups = List.copyOf(groups);
      protectionGroups = List.copyOf(protectionGroups);
    }

    public boolean dataSourceGroups() {
      return !groups.isEmpty();
    }

    /** Each VM's group index, -1 for a VM in none. */
    public int[] groupOfVm(int vmCount) {
      int[] group = new int[vmCount];
      java.util.Arrays.fill(group, -1);
      for (int g = 0; g < groups.size(); g++) for (int vm : groups.get(g).vms()) group[vm] = g;
      return group;
    }

    /** Bytes per second the backup network delivers to DPM in all. */
    public double transferRate() {
      return backupNetworkBandwidth * transferEfficiency;
    }

    /** Bytes per second each of {@code concurrent} transfers gets. */
    public double ratePerTransfer(int concurrent) {
      return concurrent == 0 ? 0 : Math.min(maxTransferRatePerJob, transferRate() / concurrent);
    }
  }

  /** 2012 and later, with CSV: backups batch on one snapshot per CSV and redirect nothing. */
  public boolean batchesSnapshots() {
    return mode == Mode.CSV && platform.csv2();
  }

  /** 2012 R2, with CSV: the cluster spreads the coordinators. */
  public boolean rebalancesCoordinators() {
    return mode == Mode.CSV && platform.balancesCoordinators();
  }

  public long endTime() {
    return duration;
  }

  /** Number of report buckets covering the run. */
  public int bucketCount() {
    return (int) ((duration + bucket - 1) / bucket);
  }

}

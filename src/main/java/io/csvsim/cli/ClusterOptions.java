package io.csvsim.cli;

import picocli.CommandLine.Option;

/** How {@code compare} and {@code plan} run their simulations on Pekko Cluster workers instead of here. */
final class ClusterOptions {

  @Option(names = "--cluster", description = "Run the simulations on workers of a Pekko Cluster that join this coordinator (csvsim worker --join).")
  boolean cluster;

  @Option(names = "--bind", paramLabel = "HOST:PORT", description = "With --cluster: where workers join (default 127.0.0.1:25520, loopback only).")
  String bind = "127.0.0.1:25520";

  @Option(names = "--min-workers", paramLabel = "N", description = "With --cluster: wait for N workers to join before handing out units (default 1).")
  int minWorkers = 1;

  @Option(names = "--local-slots", paramLabel = "N", description = "With --cluster: also run N units at a time in this process (default 0).")
  int localSlots = 0;

  /** One clear error for a bad option or TLS setting, before any port opens. */
  void check() {
    if (cluster) SweepRun.checkOptions(bind, minWorkers, localSlots, RunCommand.applicationConfig());
  }

  SweepRun.Session open(java.io.PrintWriter progress) {
    return SweepRun.open(RunCommand.applicationConfig(), bind, minWorkers, localSlots, progress);
  }
}

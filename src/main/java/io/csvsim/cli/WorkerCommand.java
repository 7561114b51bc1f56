package io.csvsim.cli;

import io.csvsim.scenario.ScenarioException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code csvsim worker}: joins a sweep's coordinator and runs its units until the sweep is over. */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Join a 'compare --cluster' or 'plan --cluster' coordinator and run its simulations until it is done.")
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;


  @Option(names = "--join", required = true, paramLabel = "HOST:PORT", description = "The coordinator's address (its --bind).")
  String join;

  @Option(names = "--bind", paramLabel = "HOST", description = "The address this worker listens on (default 127.0.0.1: this machine only).")
  String bind = "127.0.0.1";

  @Option(names = "--slots", paramLabel = "N", description = "Units run at a time (default: the number of cores).")
  Integer slots;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    int n = slots == null ? Runtime.getRuntime().availableProcessors() : slots;
    try {
      if (n < 1 || n > 1_000) throw new ScenarioException("--slots: expected 1 to 1000, got " + n);
      SweepRun.HostPort.parse(join, "--join");
      SweepRun.tls(RunCommand.applicationConfig());
    } catch (ScenarioException e) {
      return Main.rejected(err, e);
    }
    if (SweepRun.work(join, bind, n, RunCommand.applicationConfig(), err)) return Main.OK;
    err.println("csvsim: worker: could not join the coordinator at " + join + " (pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes)");
    return Main.INTERNAL_ERROR;
  }
}

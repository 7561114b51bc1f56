package io.csvsim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: parses the command and runs it; each run gets its ActorSystem from SimulationRunner. */
@Command(
    name = "csvsim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Simulates Hyper-V 2008 R2 clusters with CSVs backed up by DPM 2010.",
    subcommands = {RunCommand.class, CompareCommand.class, BenchCommand.class, WorkerCommand.class, ImportCommand.class, PlanCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  // Read from the raw arguments by the error handler, which runs outside the commands; declared once, for every subcommand.
  @picocli.CommandLine.Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "On an internal error, print its stack trace.")
  boolean debug;

  /** The version Maven wrote into the jar (the pom's). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("/csvsim-version.properties")) {
        if (in != null) p.load(in);
      }
      return new String[] {"csvsim " + p.getProperty("version", "(version unknown: not built by Maven)")};
    }
  }

  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int BAD_INPUT = 2;
  public static final int INVARIANT_VIOLATED = 3;

  public static void main(String[] args) {
    configureLogging(java.util.Arrays.asList(args).contains("--debug"));
    System.exit(execute(args.length == 0 ? new String[] {"run"} : args));
  }

  /** Runs the CLI on the process's streams and returns its exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().equals(cause.getCause().getMessage())) {
        cause = cause.getCause();
      }
      cmd.getErr().println("csvsim: internal error: " + (cause.getMessage() != null ? cause.getMessage() : cause)
          + (debug ? "" : " (run again with --debug for the stack trace)"));
      if (debug) e.printStackTrace(cmd.getErr());
      return INTERNAL_ERROR;
    });
    cli.setParameterExceptionHandler((e, rawArgs) -> {
      e.getCommandLine().getErr().println("csvsim: " + e.getMessage());
      e.getCommandLine().getErr().println("Try 'csvsim " + (e.getCommandLine().getCommandName().equals("csvsim") ? "" : e.getCommandLine().getCommandName() + " ") + "--help'.");
      return BAD_INPUT;
    });
    return cli.execute(args);
  }

  /** Prints one line for bad input (a scenario, flag or --out problem) and gives its exit code. */
  static int rejected(PrintWriter err, Exception e) {
    err.println("csvsim: " + (e instanceof java.io.IOException ? "--out " : "") + e.getMessage());
    return BAD_INPUT;
  }

  /**
   * Uses conf/logback.xml when run from the project directory, else the command line's own
   * configuration, unless told otherwise: the library itself ships no logback.xml.
   */
  private static void configureLogging(boolean debug) {
    if (debug) System.setProperty("csvsim.log.exception", "%ex"); // logback.xml prints no stack trace otherwise
    Path conf = Path.of("conf", "logback.xml");
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", Files.isRegularFile(conf) ? conf.toString() : "io/csvsim/cli/logback-cli.xml");
    }
    org.slf4j.LoggerFactory.getILoggerFactory(); // initialise before Pekko logs, so nothing is replayed
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

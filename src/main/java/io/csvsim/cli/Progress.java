package io.csvsim.cli;

import io.csvsim.report.TextReport;
import io.csvsim.sim.ClusterSimulation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A progress line on stderr for runs that take more than about 2 seconds: simulated time done,
 * model messages per second, ETA. Only when stderr is a terminal; redrawn in place.
 */
final class Progress implements AutoCloseable {
  private static final long SHOW_AFTER_NANOS = 2_000_000_000L;

  private final Thread thread;
  private final PrintWriter err;
  private volatile boolean running = true;
  private boolean drawn;

  /** Starts polling the simulations' status; does nothing when {@code enabled} is false. */
  Progress(boolean enabled, PrintWriter err, Supplier<List<ActorRef<ClusterSimulation.Command>>> sims, Scheduler scheduler) {
    this.err = err;
    long start = System.nanoTime();
    thread = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(500); // wall-clock pacing of a display, not of the model
        } catch (InterruptedException e) {
          return;
        }
        if (!running || System.nanoTime() - start < SHOW_AFTER_NANOS) continue;
        double done = 0;
        double total = 0;
        long messages = 0;
        for (ActorRef<ClusterSimulation.Command> sim : sims.get()) {
          try {
            ClusterSimulation.Status s = AskPattern.<ClusterSimulation.Command, ClusterSimulation.Status>ask(
                sim, ClusterSimulation.GetStatus::new, Duration.ofSeconds(1), scheduler).toCompletableFuture().get(1, TimeUnit.SECONDS);
            done += s.simulatedSeconds();
            total += s.durationSeconds();
            messages += s.modelMessages();
          } catch (Exception slowOrGone) {
            // a busy or finished simulation: skip this sample
          }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        synchronized (this) {
          if (!running) return;
          err.print("\r" + line(done, total, messages / wall, wall));
          err.flush();
          drawn = true;
        }
      }
    }, "csvsim-progress");
    thread.setDaemon(true);
    if (enabled) thread.start();
  }

  /** The progress line, e.g. "[######----------]  37%  8h52m/24h00m simulated  61,300 msg/s  ETA 1m02s". */
  static String line(double done, double total, double messagesPerSecond, double wallSeconds) {
    double fraction = total <= 0 ? 0 : Math.min(1, done / total);
    int width = 24;
    int filled = (int) Math.round(fraction * width);
    String eta = fraction <= 0 ? "?" : TextReport.duration(wallSeconds / fraction - wallSeconds);
    return String.format(Locale.ROOT, "[%s%s] %3d%%  %s/%s simulated  %,.0f msg/s  ETA %s   ", "#".repeat(filled),
        "-".repeat(width - filled), Math.round(fraction * 100), TextReport.duration(done), TextReport.duration(total),
        messagesPerSecond, eta);
  }

  /** True when this process's stderr is a terminal. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception notLinux) {
      return System.console() != null;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      running = false;
      if (drawn) {
        err.print("\r" + " ".repeat(100) + "\r");
        err.flush();
      }
    }
    thread.interrupt();
  }
}

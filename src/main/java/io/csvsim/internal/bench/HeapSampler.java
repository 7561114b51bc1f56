package io.csvsim.internal.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples used heap and the process's resident set (Linux /proc/self/status; 0 elsewhere) on a
 * daemon thread every 20 ms and keeps the peaks.
 */
public final class HeapSampler implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peak;
  private volatile long peakRss;

  public HeapSampler() {
    thread = new Thread(() -> {
      while (running) {
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        peakRss = Math.max(peakRss, residentBytes());
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  public long peakBytes() {
    return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
  }

  public long peakRssBytes() {
    return Math.max(peakRss, residentBytes());
  }

  /** The process's resident set now, from /proc/self/status; 0 where there is none. */
  static long residentBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (java.io.IOException | RuntimeException notLinux) {
      // no /proc: the resident set is unknown
    }
    return 0;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

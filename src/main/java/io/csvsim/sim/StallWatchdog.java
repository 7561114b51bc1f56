package io.csvsim.sim;

import io.csvsim.internal.clock.VirtualClock;
import java.time.Duration;

/**
 * Declares a run stalled when its clock has messages out and none was handled for the timeout:
 * a model handler that never returns, or a message lost outside the clock. It watches the
 * harness, not the model, so it runs on wall time; the caller passes that time in.
 */
final class StallWatchdog {
  private final VirtualClock clock;
  private final long timeoutNanos;
  private long lastHandled = -1;
  private long lastProgressNanos;

  StallWatchdog(VirtualClock clock, Duration timeout) {
    this.clock = clock;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Null while the run makes progress (or has nothing out); once stalled, what it waits for. */
  String check(long wallNanos) {
    long handled = clock.handledCount();
    if (lastHandled < 0 || handled != lastHandled || clock.pending() == 0) {
      lastHandled = handled;
      lastProgressNanos = wallNanos;
      return null;
    }
    if (wallNanos - lastProgressNanos <= timeoutNanos) return null;
    return "stalled at " + java.math.BigDecimal.valueOf(clock.now(), 6).stripTrailingZeros().toPlainString() + " s simulated: no message handled for "
        + Duration.ofNanos(timeoutNanos).toSeconds() + " s; waiting for: " + String.join("; ", clock.inFlight());
  }
}

package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void theLineShowsTheShareDoneTheRateAndTheEta() {
    String line = Progress.line(3 * 3600, 12 * 3600, 61_300, 10);
    assertTrue(line.startsWith("[######------------------]  25%"), line);
    assertTrue(line.contains("3h00m00s/12h00m00s simulated"), line);
    assertTrue(line.contains("61,300 msg/s"), line);
    assertTrue(line.contains("ETA 30.0s"), line);
    assertTrue(Progress.line(0, 100, 0, 1).contains("ETA ?"));
  }

  @Test
  void testsDoNotRunOnATerminalSoNoLineIsDrawn() {
    // surefire's forked JVM writes stderr to a pipe
    assertFalse(Progress.stderrIsTerminal());
    MainTest.Outcome o = MainTest.csvsim("run", "conf/scenarios/seed-two-node.conf", "--set", "scenario.duration=40m");
    assertEquals(0, o.code());
    assertFalse(o.err().contains("\r"));
  }
}

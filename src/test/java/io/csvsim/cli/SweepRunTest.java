package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.csvsim.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's options and TLS settings are checked before any port opens, each with one clear error. */
class SweepRunTest {

  @Test
  void noTlsUnlessAKeyStoreIsNamed() {
    assertTrue(SweepRun.tls(ConfigFactory.parseString("csvsim-cli.sweep.tls { key-store = \"\", trust-store = \"\" }")).isEmpty());
  }

  @Test
  void aKeyStoreThatCannotBeReadOrHasNoPasswordIsOneClearError(@TempDir Path dir) throws Exception {
    ScenarioException missing = assertThrows(ScenarioException.class,
        () -> SweepRun.tls(ConfigFactory.parseString("csvsim-cli.sweep.tls.key-store = \"" + dir.resolve("none.p12") + "\"")));
    assertTrue(missing.getMessage().contains("cannot read") && missing.getMessage().contains("none.p12"), missing.getMessage());
    if (System.getenv("CSVSIM_SWEEP_TLS_PASSWORD") == null) {
      Path store = Files.writeString(dir.resolve("ks.p12"), "not checked here");
      ScenarioException noPassword = assertThrows(ScenarioException.class,
          () -> SweepRun.tls(ConfigFactory.parseString("csvsim-cli.sweep.tls.key-store = \"" + store + "\"")));
      assertTrue(noPassword.getMessage().contains("CSVSIM_SWEEP_TLS_PASSWORD"), noPassword.getMessage());
    }
  }

  @Test
  void badSweepOptionsAreRejected() {
    var none = ConfigFactory.empty();
    assertThrows(ScenarioException.class, () -> SweepRun.checkOptions("127.0.0.1:99999", 1, 0, none));
    ScenarioException nothing = assertThrows(ScenarioException.class, () -> SweepRun.checkOptions("127.0.0.1:25520", 0, 0, none));
    assertTrue(nothing.getMessage().contains("nothing would run the units"), nothing.getMessage());
  }

  @Test
  void aMemberThatDoesNotStopIsLeftBehindWithAWarningRatherThanHangingTheProcess() throws Exception {
    // A shutdown task that never completes stands in for a remoting stream that never closes.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "stuck",
        ConfigFactory.parseString("pekko.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 10 m"));
    CompletableFuture<Done> stream = new CompletableFuture<>();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "open-stream", () -> stream);
    StringWriter log = new StringWriter();
    try {
      assertFalse(SweepRun.leave(system, new PrintWriter(log), Duration.ofMillis(300)));
      assertTrue(log.toString().contains("pekko://stuck did not stop within"), log.toString());
    } finally {
      stream.complete(Done.getInstance());
    }
    assertTrue(SweepRun.leave(system, new PrintWriter(log), Duration.ofMinutes(1)), "it ends once the stream closes");
  }
}

package io.csvsim.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.csvsim.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

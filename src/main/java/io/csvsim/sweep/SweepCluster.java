package io.csvsim.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/** What every member of a sweep's Pekko Cluster shares: the ActorSystem's name and cluster.conf. */
public final class SweepCluster {
  private SweepCluster() {}

  /** Members of one cluster must share it. */
  public static final String SYSTEM_NAME = "csvsim-sweep";

  /** The environment variable that holds the TLS stores' password (never a file or the command line). */
  public static final String TLS_PASSWORD_VARIABLE = "CSVSIM_SWEEP_TLS_PASSWORD";

  /**
   * Artery over TLS with mutual authentication: every member presents a key from {@code keyStore}
   * and accepts only peers whose certificate {@code trustStore} trusts (PKCS#12 files).
   */
  public static Config tls(String keyStore, String trustStore, String password) {
    Map<String, Object> ssl = new java.util.LinkedHashMap<>();
    ssl.put("pekko.remote.artery.transport", "tls-tcp");
    String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
    ssl.put(prefix + "key-store", keyStore);
    ssl.put(prefix + "trust-store", trustStore);
    ssl.put(prefix + "key-store-password", password);
    ssl.put(prefix + "key-password", password);
    ssl.put(prefix + "trust-store-password", password);
    ssl.put(prefix + "require-mutual-authentication", true);
    return ConfigFactory.parseMap(ssl, "TLS for the sweep (" + TLS_PASSWORD_VARIABLE + ")");
  }

  /** cluster.conf over {@code application}: the cluster provider, CBOR for sweep messages, loopback unless told otherwise. */
  public static Config config(Config application) {
    return ConfigFactory.parseResources(SweepCluster.class, "cluster.conf").withFallback(application).resolve();
  }
}

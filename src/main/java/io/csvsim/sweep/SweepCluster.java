package io.csvsim.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** What every member of a sweep's Pekko Cluster shares: the ActorSystem's name and cluster.conf. */
public final class SweepCluster {
  private SweepCluster() {}

  /** Members of one cluster must share it. */
  public static final String SYSTEM_NAME = "csvsim-sweep";

  /** cluster.conf over {@code application}: the cluster provider, CBOR for sweep messages, loopback unless told otherwise. */
  public static Config config(Config application) {
    return ConfigFactory.parseResources(SweepCluster.class, "cluster.conf").withFallback(application).resolve();
  }
}

package io.csvsim.internal.clock;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The run's fingerprint, as OMNeT++ keeps one: each released message folds its time, its
 * receiver's name and its type (without the package) into a 64-bit hash. Cheap (a few multiplies a message, the names'
 * hashes are cached by the JVM) and blind to thread scheduling, since release order is the clock's.
 */
final class Fingerprint {
  private Fingerprint() {}

  static long mix(long fingerprint, long time, ActorRef<?> receiver, Object message) {
    long h = fingerprint;
    h = step(h, time);
    h = step(h, receiver.path().name().hashCode());
    h = step(h, TYPE.get(message.getClass()));
    return h;
  }

  /** A type's name without its package ("HyperVNode$IoTick"), so moving a package leaves the fingerprint alone. */
  private static final ClassValue<Integer> TYPE = new ClassValue<>() {
    @Override
    protected Integer computeValue(Class<?> type) {
      String name = type.getName();
      return name.substring(name.lastIndexOf('.') + 1).hashCode();
    }
  };

  /** One round of a strong 64-bit mix (the finaliser of MurmurHash3), chained. */
  private static long step(long h, long value) {
    long x = h ^ (value * 0x9E3779B97F4A7C15L);
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}

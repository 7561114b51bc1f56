package io.csvsim.scenario;

/** Sizes and durations in the units people write them in, for messages. */
final class Units {
  private Units() {}

  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  private static final String[] DECIMAL = {"B", "KB", "MB", "GB", "TB", "PB"};

  /** "64 MiB", "60 GB", "100 B": the largest unit that divides the size exactly. */
  static String bytes(long n) {
    if (n == Long.MAX_VALUE) return "any size";
    if (n == 0) return "0 B";
    int binary = 0;
    long b = n;
    while (binary < BINARY.length - 1 && b % 1024 == 0) {
      b /= 1024;
      binary++;
    }
    int decimal = 0;
    long d = n;
    while (decimal < DECIMAL.length - 1 && d % 1000 == 0) {
      d /= 1000;
      decimal++;
    }
    return decimal > binary ? d + " " + DECIMAL[decimal] : b + " " + BINARY[binary];
  }

  /** "30 ms", "1 s", "366 d": the largest unit that divides the duration (µs) exactly. */
  static String duration(long micros) {
    long[] sizes = {86_400_000_000L, 3_600_000_000L, 60_000_000L, 1_000_000L, 1_000L, 1L};
    String[] names = {"d", "h", "min", "s", "ms", "us"};
    if (micros == 0) return "0 s";
    for (int i = 0; i < sizes.length; i++) if (micros % sizes[i] == 0) return micros / sizes[i] + " " + names[i];
    return micros + " us";
  }
}

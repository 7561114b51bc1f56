package io.csvsim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.csvsim.scenario.Scenario.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads a scenario: a HOCON file layered over reference.conf, then --set overrides. Every error
 * names the file, the key path and what was expected; nothing is half-loaded.
 */
public final class ScenarioLoader {

  public static final String ROOT = "csvsim";
  private static final long MAX_VHD = 2L << 40;
  private static final Set<String> NODE_KEYS = Set.of("name");
  private static final Set<String> CSV_KEYS = Set.of("name", "coordinator");
  private static final Set<String> GROUP_KEYS = Set.of("name", "vms", "schedule", "previous-backup");
  private static final Set<String> FAULT_KEYS = Set.of("at", "kind", "node", "csv", "vm", "to", "for", "phase", "factor");
  // What each fault kind takes besides at and kind; "for" is optional except where REQUIRES_FOR says.
  private static final Map<FaultKind, List<String>> FAULT_TAKES = Map.of(
      FaultKind.REQUESTER_DEATH, List.of("node"),
      FaultKind.SNAPSHOT_FAILURE, List.of("node"),
      FaultKind.SNAPSHOT_TIMEOUT, List.of("node", "phase"),
      FaultKind.OPERATOR_CLEAR, List.of("csv"),
      FaultKind.NODE_CRASH, List.of("node", "for"),
      FaultKind.NETWORK_PARTITION, List.of("node", "for"),
      FaultKind.STORAGE_PATH_LOSS, List.of("node", "for"),
      FaultKind.LIVE_MIGRATION, List.of("vm", "to"),
      FaultKind.NETWORK_DEGRADED, List.of("factor", "for"),
      FaultKind.DPM_RESTART, List.of("for"));
  private static final Set<FaultKind> REQUIRES_FOR = Set.of(FaultKind.NETWORK_DEGRADED, FaultKind.DPM_RESTART);

  private final Config reference;

  private ScenarioLoader(Config reference) {
    this.reference = reference;
  }

  public static ScenarioLoader withReference() {
    return new ScenarioLoader(ConfigFactory.defaultReference().getConfig(ROOT).atPath(ROOT));
  }

  /** Loads a scenario file with optional key=value overrides and an optional seed override. */
  public Scenario load(Path file, List<String> overrides, Long seedOverride) {
    String name = file.toString();
    if (!Files.exists(file)) throw new ScenarioException(name + ": no such scenario file");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ScenarioException(name + ": not a readable file");
    }
    try {
      Config parsed;
      try {
        // Absolute, so that an include is read next to the file that includes it, wherever csvsim runs.
        parsed = ConfigFactory.parseFile(file.toAbsolutePath().toFile(),
            ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(new RequiredIncluder()));
      } catch (MissingInclude e) {
        throw new ScenarioException(lineOf(file, e.what) + ": include \"" + e.what + "\": no such file (an include is read"
            + " relative to the file that includes it)");
      } catch (ConfigException e) {
        throw new ScenarioException(name + ": malformed HOCON: " + userMessage(e, file));
      }
      return fromConfig(parsed, name, file.toAbsolutePath().toString(), overrides, seedOverride);
    } catch (StackOverflowError e) {
      throw new ScenarioException(name + ": nested too deeply to read; flatten the file");
    }
  }

  /** Builds a scenario from an already parsed config (tests, embedding). */
  public Scenario fromConfig(Config user, String sourceName, List<String> overrides, Long seedOverride) {
    return fromConfig(user, sourceName, null, overrides, seedOverride);
  }

  private Scenario fromConfig(Config user, String sourceName, String absoluteSource, List<String> overrides, Long seedOverride) {
    try {
      Config layered = user;
      for (String override : overrides) layered = parseOverride(override).withFallback(layered);
      if (seedOverride != null) layered = ConfigFactory.parseMap(Map.of(ROOT + ".scenario.seed", seedOverride), "--seed").withFallback(layered);
      Origins origins = new Origins(sourceName, absoluteSource);
      checkKnownKeys(layered.root(), "", origins);
      Config all;
      try {
        all = layered.withFallback(reference).resolve();
      } catch (ConfigException e) {
        throw new ScenarioException(sourceName + ": " + userMessage(e, null));
      }
      List<String> given = new ArrayList<>();
      for (String override : overrides) {
        int eq = override.indexOf('=');
        given.add(resolveAlias(override.substring(0, eq).trim()).replaceFirst("^" + ROOT + "\\.", "") + "=" + override.substring(eq + 1).trim());
      }
      if (seedOverride != null) given.add("scenario.seed=" + seedOverride);
      return new Reader(all.getConfig(ROOT), origins, List.copyOf(given)).scenario();
    } catch (StackOverflowError e) {
      throw new ScenarioException(sourceName + ": nested too deeply to read; flatten the file");
    }
  }

  /** The line of the scenario file that includes {@code what}, as "file:line" (or the file alone). */
  private static String lineOf(Path file, String what) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.startsWith("#") || line.startsWith("//")) continue;
        if (line.contains("include") && line.contains(what)) return file + ":" + (i + 1);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // the file was readable a moment ago; name it without a line
    }
    return file.toString();
  }

  /** Typesafe Config's message with absolute paths of the scenario shown as the user wrote them, and no class names. */
  private static String userMessage(ConfigException e, Path file) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (file != null) message = message.replace(file.toAbsolutePath().toString(), file.toString());
    return message.replaceAll("\\b(?:[a-z]+\\.)+[A-Z]\\w*(?:\\$\\w+)*:? ?", "");
  }

  /** An include that names no file: HOCON ignores it, which hides the mistake, so it is an error here. */
  private static final class MissingInclude extends RuntimeException {
    final String what;

    MissingInclude(String what) {
      super(what, null, false, false);
      this.what = what;
    }
  }

  /** Reads includes as HOCON does, relative to the including file, but fails on a missing one. */
  private static final class RequiredIncluder implements ConfigIncluder, ConfigIncluderFile {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      ConfigParseable parseable = context.relativeTo(what);
      if (parseable == null) throw new MissingInclude(what);
      try {
        return parseable.parse(context.parseOptions().setAllowMissing(false));
      } catch (ConfigException.IO e) {
        throw new MissingInclude(what);
      }
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, java.io.File what) {
      if (!what.isFile()) throw new MissingInclude(what.getPath());
      return ConfigFactory.parseFile(what, context.parseOptions().setAllowMissing(false)).root();
    }
  }

  /** Short names for the settings people set and compare most, as DPM and the seed name them. */
  public static final Map<String, String> ALIASES = Map.of(
      "provider", "vss.provider",
      "MaxAllowedParallelBackups", "dpm.max-allowed-parallel-backups",
      "DataSourceGroups", "dpm.datasource-groups");

  /** The scenario key a short name stands for (any case), or the key itself. */
  public static String resolveAlias(String key) {
    for (Map.Entry<String, String> alias : ALIASES.entrySet()) if (alias.getKey().equalsIgnoreCase(key)) return alias.getValue();
    return key;
  }

  /**
   * A --set as a user types it: HOCON when it parses (numbers, lists, objects), else the text as a
   * string, so that start-time=19:00 works without shell-quoted quotes.
   */
  private static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) throw new ScenarioException("--set " + override + ": expected key=value");
    String key = resolveAlias(override.substring(0, eq).trim());
    String value = override.substring(eq + 1).trim();
    if (!key.startsWith(ROOT + ".")) key = ROOT + "." + key;
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription("--set " + override);
    try {
      return ConfigFactory.parseString(key + " = " + value, options);
    } catch (ConfigException notHocon) {
      if (value.startsWith("[") || value.startsWith("{")) {
        throw new ScenarioException("--set " + override + ": cannot parse: " + userMessage(notHocon, null));
      }
      try {
        return ConfigFactory.parseString(key + " = " + ConfigValueFactory.fromAnyRef(value).render(), options);
      } catch (ConfigException e) {
        throw new ScenarioException("--set " + override + ": cannot parse: " + userMessage(e, null));
      }
    }
  }

  private void checkKnownKeys(ConfigObject object, String prefix, Origins source) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String path = prefix.isEmpty() ? quote(entry.getKey()) : prefix + "." + quote(entry.getKey());
      if (!reference.hasPathOrNull(path)) {
        Set<String> candidates = new java.util.TreeSet<>(siblings(prefix));
        if (prefix.equals(ROOT)) candidates.addAll(ALIASES.keySet()); // a short name, misspelt
        throw ScenarioException.at(source.of(entry.getValue().origin()), path, "unknown key" + didYouMean(entry.getKey(), candidates));
      }
      ConfigValue known = reference.getValue(path);
      if (entry.getValue().valueType() == ConfigValueType.OBJECT && known.valueType() == ConfigValueType.OBJECT) {
        checkKnownKeys((ConfigObject) entry.getValue(), path, source);
      }
    }
  }

  private Set<String> siblings(String prefix) {
    if (prefix.isEmpty()) return reference.root().keySet();
    return reference.getObject(prefix).keySet();
  }

  private static String quote(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key.replace("\"", "\\\"") + "\"";
  }

  static String didYouMean(String key, Set<String> candidates) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance.apply(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    boolean close = best != null && bestDistance <= Math.max(2, key.length() / 3);
    return close ? " (did you mean '" + best + "'?)" : "; known: " + String.join(", ", new java.util.TreeSet<>(candidates));
  }

  /**
   * Names where a value came from as the user knows it: their file (as they wrote its path, or an
   * included file) and line, or the --set that gave it. A default from reference.conf is named by
   * the user's file alone: no line of theirs holds it.
   */
  record Origins(String source, String absoluteSource) {
    String of(ConfigOrigin origin) {
      if (origin == null) return source;
      String description = origin.description() == null ? "" : origin.description();
      if (description.startsWith("--")) return description.replaceFirst(": \\d+$", ""); // a one-line override has no useful line
      boolean reference = description.contains("reference.conf") || (origin.filename() != null && origin.filename().endsWith("reference.conf"));
      if (reference) return source;
      String file = origin.filename();
      if (file == null || file.equals(absoluteSource)) {
        file = source;
      } else {
        Path included = Path.of(file);
        Path here = Path.of("").toAbsolutePath();
        file = included.startsWith(here) ? here.relativize(included).toString() : file;
      }
      return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }
  }

  /** Reads typed values out of the merged config, turning every problem into a located error. */
  private static final class Reader {
    private final Config c;
    private final Origins origins;
    private final String source;

    private final List<String> overrides;

    Reader(Config c, Origins origins, List<String> overrides) {
      this.c = c;
      this.origins = origins;
      this.source = origins.source();
      this.overrides = overrides;
    }

    private ScenarioException error(Config in, String path, String fullPath, String problem) {
      ConfigOrigin origin = in.hasPathOrNull(path) ? in.getValue(path).origin() : null;
      return ScenarioException.at(origins.of(origin), ROOT + "." + fullPath, problem);
    }

    private <T> T typed(Config in, String path, String fullPath, String expected, Supplier<T> get) {
      try {
        return get.get();
      } catch (ConfigException.Missing e) {
        throw error(in, path, fullPath, "missing; expected " + expected);
      } catch (ConfigException e) {
        String got = in.hasPathOrNull(path) ? describe(in.getValue(path)) : "nothing";
        throw error(in, path, fullPath, "expected " + expected + ", got " + got);
      }
    }

    private static String describe(ConfigValue value) {
      String rendered = value.render();
      if (rendered.length() > 60) rendered = rendered.substring(0, 57) + "...";
      return value.valueType().name().toLowerCase() + " " + rendered;
    }

    double number(Config in, String path, String fullPath, double min, double max, boolean minExclusive) {
      String expected = "a number " + (minExclusive ? "> " : ">= ") + trim(min) + (max < Double.MAX_VALUE ? " and <= " + trim(max) : "");
      double value = typed(in, path, fullPath, expected, () -> in.getDouble(path));
      boolean low = minExclusive ? !(value > min) : !(value >= min);
      if (low || value > max || Double.isNaN(value)) throw error(in, path, fullPath, "expected " + expected + ", got " + trim(value));
      return value;
    }

    int integer(Config in, String path, String fullPath, int min, int max) {
      String expected = "a whole number from " + min + " to " + max;
      int value = typed(in, path, fullPath, expected, () -> in.getInt(path));
      if (value < min || value > max) throw error(in, path, fullPath, "expected " + expected + ", got " + value);
      return value;
    }

    /** A number written without a unit (60, or "60"): HOCON would read bytes or milliseconds, rarely what was meant. */
    private boolean unitless(Config in, String path) {
      if (!in.hasPath(path)) return false;
      ConfigValue v = in.getValue(path);
      String raw = String.valueOf(v.unwrapped()).trim();
      if (raw.matches("0+(\\.0*)?")) return false; // nothing is nothing in any unit
      return v.valueType() == ConfigValueType.NUMBER || (v.valueType() == ConfigValueType.STRING && raw.matches("[0-9.eE+-]+"));
    }

    long bytes(Config in, String path, String fullPath, long min, long max) {
      String expected = "a size from " + Units.bytes(min) + " to " + Units.bytes(max) + " with a unit, e.g. 60GiB or 8KiB"
          + " (KiB, MiB, GiB, TiB are powers of 1024; KB, MB, GB, TB powers of 1000)";
      if (unitless(in, path)) throw error(in, path, fullPath, "expected " + expected + ", got " + describe(in.getValue(path)) + " without a unit");
      long value = typed(in, path, fullPath, expected, () -> in.getBytes(path));
      if (value < min || value > max) throw error(in, path, fullPath, "expected " + expected + ", got " + Units.bytes(value));
      return value;
    }

    /** Bytes per second, written as a size per second: 110MB is about 1 GbE, 1250MB 10 GbE. */
    long bandwidth(Config in, String path, String fullPath) {
      String expected = "bytes per second with a unit, e.g. 110MB (about 1 GbE) or 1250MB (10 GbE)";
      if (unitless(in, path)) throw error(in, path, fullPath, "expected " + expected + ", got " + describe(in.getValue(path)) + " without a unit");
      long value = typed(in, path, fullPath, expected, () -> in.getBytes(path));
      if (value < 1) throw error(in, path, fullPath, "expected " + expected + ", got " + Units.bytes(value) + " per second");
      return value;
    }

    long micros(Config in, String path, String fullPath, long min, long max) {
      String expected = "a duration from " + Units.duration(min) + " to " + Units.duration(max) + " with a unit (e.g. 500us, 2s, 10m, 24h)";
      if (unitless(in, path)) throw error(in, path, fullPath, "expected " + expected + ", got " + describe(in.getValue(path)) + " without a unit");
      long value = typed(in, path, fullPath, expected, () -> in.getDuration(path).toNanos() / 1000);
      if (value < min || value > max) throw error(in, path, fullPath, "expected " + expected + ", got " + Units.duration(value));
      return value;
    }

    String string(Config in, String path, String fullPath) {
      return typed(in, path, fullPath, "a string", () -> in.getString(path));
    }

    boolean bool(Config in, String path, String fullPath) {
      return typed(in, path, fullPath, "true/false (on/off)", () -> in.getBoolean(path));
    }

    <E extends Enum<E>> E choice(Config in, String path, String fullPath, Class<E> type) {
      String raw = string(in, path, fullPath);
      for (E e : type.getEnumConstants()) if (e.name().replace('_', '-').equalsIgnoreCase(raw)) return e;
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) names.add(e.name().replace('_', '-').toLowerCase());
      throw error(in, path, fullPath, "expected one of " + String.join(", ", names) + ", got '" + raw + "'");
    }

    long timeOfDay(Config in, String path, String fullPath, String raw) {
      String expected = "expected a time of day HH:mm or HH:mm:ss (e.g. \"21:00\"), got '" + raw + "'";
      if (!raw.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) throw error(in, path, fullPath, expected);
      String[] hms = raw.split(":");
      int h = Integer.parseInt(hms[0]);
      int m = Integer.parseInt(hms[1]);
      int sec = hms.length > 2 ? Integer.parseInt(hms[2]) : 0;
      if (h > 23 || m > 59 || sec > 59) throw error(in, path, fullPath, expected);
      return (h * 3600L + m * 60L + sec) * Scenario.SECOND;
    }

    List<? extends Config> objects(Config in, String path, String fullPath) {
      return typed(in, path, fullPath, "a list of objects", () -> in.getConfigList(path));
    }

    private static String trim(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    Scenario scenario() {
      String name = string(c, "scenario.name", "scenario.name");
      long seed = typed(c, "scenario.seed", "scenario.seed", "a whole number", () -> c.getLong("scenario.seed"));
      Object rawSeed = c.getValue("scenario.seed").unwrapped();
      if (rawSeed instanceof Double d && d != Math.rint(d)) throw error(c, "scenario.seed", "scenario.seed", "expected a whole number, got " + d);
      long start = timeOfDay(c, "scenario.start-time", "scenario.start-time", string(c, "scenario.start-time", "scenario.start-time"));
      long duration = micros(c, "scenario.duration", "scenario.duration", Scenario.SECOND, 366 * Scenario.DAY);
      Mode mode = choice(c, "scenario.mode", "scenario.mode", Mode.class);
      boolean patched = bool(c, "scenario.patched", "scenario.patched");
      long tick = micros(c, "io.tick", "io.tick", 1000, 3600 * Scenario.SECOND);
      long bucket = micros(c, "report.bucket", "report.bucket", Scenario.SECOND, Scenario.DAY);
      if (duration / bucket > 100_000) {
        throw error(c, "report.bucket", "report.bucket", "expected at most 100,000 buckets over scenario.duration, got "
            + duration / bucket + "; use a wider bucket");
      }

      StorageSpec storage = new StorageSpec(
          number(c, "storage.max-iops", "storage.max-iops", 0, 1e9, true),
          bandwidth(c, "storage.bandwidth", "storage.bandwidth"),
          micros(c, "storage.base-latency", "storage.base-latency", 0, 10 * Scenario.SECOND),
          micros(c, "storage.fabric-latency", "storage.fabric-latency", 1, Scenario.SECOND),
          number(c, "storage.write-cost", "storage.write-cost", 1, 100, false),
          choice(c, "storage.service-time", "storage.service-time", ServiceTime.class));
      NetworkSpec network = new NetworkSpec(
          bandwidth(c, "network.bandwidth", "network.bandwidth"),
          micros(c, "network.latency", "network.latency", 1, Scenario.SECOND),
          micros(c, "network.per-op-overhead", "network.per-op-overhead", 0, Scenario.SECOND),
          choice(c, "network.service-time", "network.service-time", ServiceTime.class));
      long pathDelay = network.latency() + storage.fabricLatency();
      if (tick < 4 * pathDelay) {
        throw error(c, "io.tick", "io.tick", "expected at least 4 x (network.latency + storage.fabric-latency) = "
            + 4 * pathDelay + "us so that a tick's bursts meet at the array, got " + tick + "us");
      }
      long move = micros(c, "csv.ownership-move-time", "csv.ownership-move-time", 1, 3600 * Scenario.SECOND);
      long autoClear = micros(c, "csv.auto-clear-time", "csv.auto-clear-time", 1, Scenario.DAY);
      VssSpec vss = new VssSpec(
          choice(c, "vss.provider", "vss.provider", Provider.class),
          micros(c, "vss.software.snapshot-time", "vss.software.snapshot-time", 1, 3600 * Scenario.SECOND),
          micros(c, "vss.hardware.snapshot-time", "vss.hardware.snapshot-time", 1, 3600 * Scenario.SECOND),
          micros(c, "vss.freeze-thaw-timeout", "vss.freeze-thaw-timeout", Scenario.SECOND, 3600 * Scenario.SECOND),
          micros(c, "vss.flush-and-hold-timeout", "vss.flush-and-hold-timeout", Scenario.SECOND, 3600 * Scenario.SECOND));
      FailoverSpec failover = new FailoverSpec(
          micros(c, "cluster.failover.detection-time", "cluster.failover.detection-time", Scenario.SECOND / 10, 3600 * Scenario.SECOND),
          micros(c, "cluster.failover.vm-restart-time", "cluster.failover.vm-restart-time", Scenario.SECOND, 3600 * Scenario.SECOND),
          micros(c, "cluster.failover.csv-failover-time", "cluster.failover.csv-failover-time", 1000, 3600 * Scenario.SECOND),
          micros(c, "cluster.failover.live-migration-time", "cluster.failover.live-migration-time", Scenario.SECOND, 3600 * Scenario.SECOND));

      Topology topology = topology(mode, seed);
      DpmSpec dpm = dpm(topology.vms(), vss.provider(), start, duration);
      List<FaultSpec> faults = faults(topology, start, duration, seed);
      return new Scenario(name, source, seed, mode, patched, start, duration, tick, bucket,
          topology.nodes(), topology.csvs(), topology.vms(), storage, network, move, autoClear, failover, vss, dpm, faults, overrides);
    }

    private record Topology(List<NodeSpec> nodes, List<CsvSpec> csvs, List<VmSpec> vms) {}

    private Topology topology(Mode mode, long seed) {
      List<? extends Config> nodeConfs = objects(c, "cluster.nodes", "cluster.nodes");
      Topology t = nodeConfs.isEmpty() ? generated(mode, seed) : explicit(nodeConfs, mode);
      if (t.nodes().isEmpty()) throw error(c, "cluster", "cluster", "empty topology: expected cluster.nodes or cluster.generate.nodes > 0");
      if (t.csvs().isEmpty()) throw error(c, "cluster", "cluster", "no volumes: expected cluster.csvs or cluster.generate.csvs > 0");
      if (t.vms().isEmpty()) throw error(c, "cluster", "cluster", "no VMs: expected cluster.vms or cluster.generate.vms > 0");
      if (mode == Mode.NON_CSV) {
        for (int v = 0; v < t.vms().size(); v++) {
          VmSpec vm = t.vms().get(v);
          if (t.csvs().get(vm.csv()).coordinator() != vm.node()) {
            throw error(c, "cluster.vms", "cluster.vms.[" + v + "]", "in non-csv mode a VM's volume must be owned by its node; "
                + vm.name() + " runs on " + t.nodes().get(vm.node()).name() + " but " + t.csvs().get(vm.csv()).name()
                + " belongs to " + t.nodes().get(t.csvs().get(vm.csv()).coordinator()).name());
          }
        }
      }
      return t;
    }

    private Topology explicit(List<? extends Config> nodeConfs, Mode mode) {
      validateVmDefaults();
      List<NodeSpec> nodes = new ArrayList<>();
      Map<String, Integer> nodeIndex = byName();
      for (int i = 0; i < nodeConfs.size(); i++) {
        Config n = nodeConfs.get(i);
        String p = "cluster.nodes.[" + i + "]";
        onlyKeys(n, p, NODE_KEYS);
        String name = nonEmptyName(n, p);
        unique(nodeIndex, name, i, nodes.stream().map(NodeSpec::name).toList(), n, p, "node");
        nodes.add(new NodeSpec(name));
      }
      List<CsvSpec> csvs = new ArrayList<>();
      Map<String, Integer> csvIndex = byName();
      List<? extends Config> csvConfs = objects(c, "cluster.csvs", "cluster.csvs");
      for (int i = 0; i < csvConfs.size(); i++) {
        Config v = csvConfs.get(i);
        String p = "cluster.csvs.[" + i + "]";
        onlyKeys(v, p, CSV_KEYS);
        String name = nonEmptyName(v, p);
        unique(csvIndex, name, i, csvs.stream().map(CsvSpec::name).toList(), v, p, "volume");
        csvs.add(new CsvSpec(name, reference(v, "coordinator", p, nodeIndex, "node")));
      }
      List<VmSpec> vms = new ArrayList<>();
      Map<String, Integer> vmNames = byName();
      Config defaults = c.getConfig("cluster.vm-defaults");
      Set<String> vmKeys = new HashSet<>(defaults.root().keySet());
      vmKeys.addAll(List.of("name", "node", "csv"));
      List<? extends Config> vmConfs = objects(c, "cluster.vms", "cluster.vms");
      for (int i = 0; i < vmConfs.size(); i++) {
        Config v = vmConfs.get(i);
        String p = "cluster.vms.[" + i + "]";
        onlyKeys(v, p, vmKeys);
        String name = nonEmptyName(v, p);
        unique(vmNames, name, i, vms.stream().map(VmSpec::name).toList(), v, p, "VM");
        int node = reference(v, "node", p, nodeIndex, "node");
        int csv = reference(v, "csv", p, csvIndex, "volume");
        vms.add(vm(name, node, csv, v, defaults, p, -1, -1));
      }
      return new Topology(nodes, csvs, vms);
    }

    /** Names Windows compares without case: node, volume, VM and protection group names. */
    private static Map<String, Integer> byName() {
      return new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    private void unique(Map<String, Integer> index, String name, int i, List<String> earlier, Config entry, String p, String what) {
      Integer before = index.putIfAbsent(name, i);
      if (before == null) return;
      String other = earlier.get(before);
      throw error(entry, "name", p + ".name", other.equals(name) ? "duplicate " + what + " name '" + name + "'"
          : "duplicate " + what + " name '" + name + "': '" + other + "' differs only in case, and Windows compares names without case");
    }

    /** vm-defaults must be valid on its own, even where every VM sets its own values. */
    private void validateVmDefaults() {
      vm("vm-defaults", 0, 0, ConfigFactory.empty(), c.getConfig("cluster.vm-defaults"), "cluster.vm-defaults", -1, -1);
    }

    private Topology generated(Mode mode, long seed) {
      validateVmDefaults();
      Config g = c.getConfig("cluster.generate");
      int nodeCount = integer(g, "nodes", "cluster.generate.nodes", 0, 64);
      int csvCount = integer(g, "csvs", "cluster.generate.csvs", 0, 4096);
      int vmCount = integer(g, "vms", "cluster.generate.vms", 0, 1_000_000);
      long sizeMin = bytes(g, "size-min", "cluster.generate.size-min", 1, MAX_VHD);
      long sizeMax = bytes(g, "size-max", "cluster.generate.size-max", sizeMin, MAX_VHD);
      double iopsMin = number(g, "iops-min", "cluster.generate.iops-min", 0, 1e6, false);
      double iopsMax = number(g, "iops-max", "cluster.generate.iops-max", iopsMin, 1e6, false);
      List<NodeSpec> nodes = new ArrayList<>();
      for (int i = 0; i < nodeCount; i++) nodes.add(new NodeSpec(String.format("node-%02d", i + 1)));
      if (mode == Mode.NON_CSV) csvCount = nodeCount; // one LUN per node
      List<CsvSpec> csvs = new ArrayList<>();
      String prefix = mode == Mode.NON_CSV ? "lun-" : "csv-";
      for (int i = 0; i < csvCount; i++) csvs.add(new CsvSpec(String.format(prefix + "%02d", i + 1), nodeCount == 0 ? 0 : i % nodeCount));
      List<VmSpec> vms = new ArrayList<>();
      if (nodeCount == 0 || csvCount == 0) return new Topology(nodes, csvs, vms);
      SplittableRandom random = new SplittableRandom(seed ^ 0x5eed_70b0L);
      Config defaults = c.getConfig("cluster.vm-defaults");
      for (int i = 0; i < vmCount; i++) {
        int node = i % nodeCount;
        // Consecutive rounds over the nodes go to the next CSV, so every CSV holds VMs of many nodes.
        int csv = mode == Mode.NON_CSV ? node : (i / nodeCount) % csvCount;
        long size = sizeMin + (long) (random.nextDouble() * (sizeMax - sizeMin));
        double iops = iopsMin + random.nextDouble() * (iopsMax - iopsMin);
        vms.add(vm(String.format("vm-%04d", i + 1), node, csv, ConfigFactory.empty(), defaults, "cluster.vm-defaults", size, iops));
      }
      return new Topology(nodes, csvs, vms);
    }

    /** A VM's settings: its own keys, else vm-defaults; errors name the path where the value was written. */
    private VmSpec vm(String name, int node, int csv, Config own, Config defaults, String p, long sizeOverride, double iopsOverride) {
      Config v = own.withFallback(defaults);
      java.util.function.UnaryOperator<String> at = key -> own.hasPathOrNull(key) ? p + "." + key : "cluster.vm-defaults." + key;
      long size = sizeOverride >= 0 ? sizeOverride : bytes(v, "size", at.apply("size"), 1, MAX_VHD);
      double iops = iopsOverride >= 0 ? iopsOverride : number(v, "iops", at.apply("iops"), 0, 1e6, false);
      double read = number(v, "read-ratio", at.apply("read-ratio"), 0, 1, false);
      long ioSize = bytes(v, "io-size", at.apply("io-size"), 512, 64L << 20);
      Arrival arrival = choice(v, "arrival", at.apply("arrival"), Arrival.class);
      List<Double> profile = typed(v, "daily-profile", at.apply("daily-profile"), "a list of 24 numbers", () -> v.getDoubleList("daily-profile"));
      if (!profile.isEmpty() && profile.size() != 24) {
        throw error(v, "daily-profile", at.apply("daily-profile"), "expected 24 hourly factors or [], got " + profile.size());
      }
      double[] hourly = new double[profile.size()];
      for (int h = 0; h < hourly.length; h++) {
        hourly[h] = profile.get(h);
        if (!(hourly[h] >= 0)) throw error(v, "daily-profile", at.apply("daily-profile"), "expected factors >= 0, got " + hourly[h] + " at hour " + h);
      }
      double change = number(v, "daily-change-rate", at.apply("daily-change-rate"), 0, 1, false);
      BackupMode mode = choice(v, "backup-mode", at.apply("backup-mode"), BackupMode.class);
      return new VmSpec(name, node, csv, size, iops, read, (int) ioSize, arrival, hourly, change, mode);
    }

    private void onlyKeys(Config entry, String p, Set<String> allowed) {
      for (Map.Entry<String, ConfigValue> e : entry.root().entrySet()) {
        if (!allowed.contains(e.getKey())) {
          throw ScenarioException.at(origins.of(e.getValue().origin()), ROOT + "." + p + "." + e.getKey(),
              "unknown key" + didYouMean(e.getKey(), allowed));
        }
      }
    }

    private String nonEmptyName(Config entry, String p) {
      String name = string(entry, "name", p + ".name");
      if (name.isBlank()) throw error(entry, "name", p + ".name", "expected a non-empty name");
      return name;
    }

    private int reference(Config entry, String key, String p, Map<String, Integer> known, String what) {
      String name = string(entry, key, p + "." + key);
      Integer index = known.get(name);
      if (index == null) {
        throw error(entry, key, p + "." + key, "unknown " + what + " '" + name + "'" + didYouMean(name, known.keySet()));
      }
      return index;
    }

    private List<FaultSpec> faults(Topology t, long startTimeOfDay, long duration, long seed) {
      Map<String, Integer> nodes = byName();
      for (int i = 0; i < t.nodes().size(); i++) nodes.put(t.nodes().get(i).name(), i);
      Map<String, Integer> csvs = byName();
      for (int i = 0; i < t.csvs().size(); i++) csvs.put(t.csvs().get(i).name(), i);
      Map<String, Integer> vms = byName();
      for (int i = 0; i < t.vms().size(); i++) vms.put(t.vms().get(i).name(), i);
      List<FaultSpec> faults = new ArrayList<>();
      List<? extends Config> entries = objects(c, "faults", "faults");
      for (int i = 0; i < entries.size(); i++) {
        Config f = entries.get(i);
        String p = "faults.[" + i + "]";
        onlyKeys(f, p, FAULT_KEYS);
        long at = Math.floorMod(timeOfDay(f, "at", p + ".at", string(f, "at", p + ".at")) - startTimeOfDay, Scenario.DAY);
        FaultKind kind = choice(f, "kind", p + ".kind", FaultKind.class);
        List<String> takes = FAULT_TAKES.get(kind);
        for (String key : FAULT_KEYS) {
          if (!key.equals("at") && !key.equals("kind") && !takes.contains(key) && f.hasPathOrNull(key)) {
            throw error(f, key, p + "." + key, "not used by " + kind.label() + "; it takes " + String.join(", ", takes));
          }
        }
        int node = takes.contains("node") ? reference(f, "node", p, nodes, "node")
            : takes.contains("to") ? reference(f, "to", p, nodes, "node") : -1;
        int csv = takes.contains("csv") ? reference(f, "csv", p, csvs, "volume") : -1;
        int vm = takes.contains("vm") ? reference(f, "vm", p, vms, "VM") : -1;
        long lasts = 0;
        if (REQUIRES_FOR.contains(kind) || f.hasPathOrNull("for")) lasts = micros(f, "for", p + ".for", Scenario.SECOND, 366 * Scenario.DAY);
        Scenario.SnapshotPhase phase = kind == FaultKind.SNAPSHOT_TIMEOUT
            ? (f.hasPathOrNull("phase") ? choice(f, "phase", p + ".phase", Scenario.SnapshotPhase.class) : Scenario.SnapshotPhase.FREEZE_THAW)
            : null;
        double factor = kind == FaultKind.NETWORK_DEGRADED ? number(f, "factor", p + ".factor", 1, 1000, true) : 1;
        if (at >= duration) {
          throw error(f, "at", p + ".at", "expected a time within the run (" + string(c, "scenario.start-time", "scenario.start-time")
              + " plus scenario.duration), got " + string(f, "at", p + ".at"));
        }
        faults.add(new FaultSpec(at, kind, node, csv, vm, lasts, phase, factor));
      }
      double chaos = number(c, "chaos.rate", "chaos.rate", 0, 1000, false);
      faults.addAll(Chaos.faults(chaos, t.nodes().size(), t.csvs().size(), t.vms().size(), duration, seed));
      faults.sort(java.util.Comparator.comparingLong(FaultSpec::at));
      return List.copyOf(faults);
    }

    /** A schedule none of whose times comes while the run lasts would back up nothing: say so, and what would fix it. */
    private void withinTheRun(Config g, String p, List<String> times, List<Long> schedule, long start, long duration) {
      long first = Long.MAX_VALUE;
      int firstIndex = -1;
      for (int k = 0; k < schedule.size(); k++) {
        long offset = Math.floorMod(schedule.get(k) - start, Scenario.DAY);
        if (offset < first) {
          first = offset;
          firstIndex = k;
        }
      }
      if (firstIndex < 0) throw error(g, "schedule", p + ".schedule", "expected at least one time of day, e.g. [\"21:00\"]");
      if (first < duration) return;
      String runStart = string(c, "scenario.start-time", "scenario.start-time");
      throw error(g, "schedule", p + ".schedule", "no time of " + times + " falls within the run (from " + runStart + " for "
          + Units.duration(duration) + "), so this group would back up nothing: start the run before " + times.get(firstIndex)
          + " (scenario.start-time), make scenario.duration longer than " + Units.duration(first)
          + ", or set dpm.protection-groups = [] to simulate I/O alone");
    }

    /** True when a setting says "recommended": Microsoft's advice for the scenario's provider decides it. */
    private boolean recommended(String path) {
      return c.hasPath(path) && c.getValue(path).valueType() == ConfigValueType.STRING && "recommended".equalsIgnoreCase(c.getString(path));
    }

    private DpmSpec dpm(List<VmSpec> vms, Provider provider, long start, long duration) {
      // TechNet ff634192 serialises per host and per CSV for the system (software) provider only; hardware
      // snapshots release the CSV early, so its advice keeps DPM's defaults: 3 per host, no groups.
      boolean software = provider == Provider.SOFTWARE;
      String parallelKey = "dpm.max-allowed-parallel-backups";
      int parallel = recommended(parallelKey) ? (software ? 1 : 3) : typed(c, parallelKey, parallelKey,
          "a whole number from 1 to 8, or recommended", () -> c.getInt(parallelKey));
      if (parallel < 1 || parallel > 8) throw error(c, parallelKey, parallelKey, "expected a whole number from 1 to 8, or recommended, got " + parallel);
      String groupsKey = "dpm.datasource-groups";
      boolean groups = recommended(groupsKey) ? software : typed(c, groupsKey, groupsKey, "on/off, or recommended", () -> c.getBoolean(groupsKey));
      double bandwidth = bandwidth(c, "dpm.backup-network.bandwidth", "dpm.backup-network.bandwidth");
      double efficiency = number(c, "dpm.transfer-efficiency", "dpm.transfer-efficiency", 0, 1, true);
      String perJobKey = "dpm.max-transfer-rate-per-job";
      boolean unlimited = c.getValue(perJobKey).valueType() == ConfigValueType.STRING && "unlimited".equalsIgnoreCase(c.getString(perJobKey));
      double perJob = unlimited ? Double.POSITIVE_INFINITY : bandwidth(c, perJobKey, perJobKey);
      boolean replicas = bool(c, "dpm.replicas-exist", "dpm.replicas-exist");
      int attempts = integer(c, "dpm.retry.max-attempts", "dpm.retry.max-attempts", 1, 100);
      long delay = micros(c, "dpm.retry.delay", "dpm.retry.delay", 1, Scenario.DAY);
      Map<String, Integer> vmIndex = byName();
      for (int i = 0; i < vms.size(); i++) vmIndex.put(vms.get(i).name(), i);
      List<ProtectionGroup> groupsList = new ArrayList<>();
      List<? extends Config> pgs = objects(c, "dpm.protection-groups", "dpm.protection-groups");
      Map<String, Integer> names = byName();
      Set<Integer> protectedVms = new HashSet<>();
      for (int i = 0; i < pgs.size(); i++) {
        Config g = pgs.get(i);
        String p = "dpm.protection-groups.[" + i + "]";
        onlyKeys(g, p, GROUP_KEYS);
        String name = nonEmptyName(g, p);
        unique(names, name, i, groupsList.stream().map(ProtectionGroup::name).toList(), g, p, "protection group");
        List<Integer> members = new ArrayList<>();
        ConfigValue vmsValue = typed(g, "vms", p + ".vms", "\"*\" or a list of VM names", () -> g.getValue("vms"));
        if (vmsValue.valueType() == ConfigValueType.STRING && "*".equals(vmsValue.unwrapped())) {
          for (int v = 0; v < vms.size(); v++) members.add(v);
        } else if (vmsValue.valueType() == ConfigValueType.LIST) {
          ConfigList list = (ConfigList) vmsValue;
          for (int k = 0; k < list.size(); k++) {
            Object raw = list.get(k).unwrapped();
            Integer idx = raw instanceof String s ? vmIndex.get(s) : null;
            if (idx == null) throw error(g, "vms", p + ".vms.[" + k + "]", "unknown VM '" + raw + "'" + didYouMean(String.valueOf(raw), vmIndex.keySet()));
            members.add(idx);
          }
        } else {
          throw error(g, "vms", p + ".vms", "expected \"*\" or a list of VM names, got " + describe(vmsValue));
        }
        for (int m : members) {
          if (!protectedVms.add(m)) throw error(g, "vms", p + ".vms", "VM '" + vms.get(m).name() + "' is already in another protection group");
        }
        List<String> times = typed(g, "schedule", p + ".schedule", "a list of times of day", () -> g.getStringList("schedule"));
        List<Long> schedule = new ArrayList<>();
        for (String t : times) schedule.add(timeOfDay(g, "schedule", p + ".schedule", t));
        withinTheRun(g, p, times, schedule, start, duration);
        long previous = g.hasPath("previous-backup")
            ? timeOfDay(g, "previous-backup", p + ".previous-backup", string(g, "previous-backup", p + ".previous-backup")) : -1;
        groupsList.add(new ProtectionGroup(name, List.copyOf(members), List.copyOf(schedule), previous));
      }
      return new DpmSpec(parallel, groups, bandwidth, efficiency, perJob, replicas, attempts, delay, List.copyOf(groupsList));
    }
  }
}

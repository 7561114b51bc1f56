package io.csvsim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Typed reads of one part of the merged scenario, scoped to its path: a reader names a key once
 * and every problem becomes a {@link ScenarioException} naming the full key path and where the
 * value was written.
 */
final class Keys {

  private final Config in;
  private final String prefix; // "" at csvsim's root, else e.g. "cluster.vms.[3]"
  private final Origins origins;

  Keys(Config in, String prefix, Origins origins) {
    this.in = in;
    this.prefix = prefix;
    this.origins = origins;
  }

  Origins origins() {
    return origins;
  }

  /** The key's path below csvsim, as errors and users name it. */
  String path(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** An object section below this one. */
  Keys at(String key) {
    return new Keys(in.getConfig(key), path(key), origins);
  }

  /** A list of objects, each scoped to its element's path (key.[i]). */
  List<Keys> list(String key) {
    List<? extends Config> entries = typed(key, "a list of objects", Config::getConfigList);
    List<Keys> scoped = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) scoped.add(new Keys(entries.get(i), path(key) + ".[" + i + "]", origins));
    return scoped;
  }

  /** This section's value and the given one: own keys first, fallback's where it has none. */
  Keys over(Keys fallback) {
    return new Keys(in.withFallback(fallback.in), prefix, origins);
  }

  /** Set here, even to null. */
  boolean has(String key) {
    return in.hasPathOrNull(key);
  }

  /** Set here to a value other than null. */
  boolean hasValue(String key) {
    return in.hasPath(key);
  }

  ConfigValue value(String key) {
    return in.getValue(key);
  }

  Set<String> keySet() {
    return in.root().keySet();
  }

  ScenarioException error(String key, String problem) {
    return errorAt(key, path(key), problem);
  }

  /** An error about {@code shownPath} (below csvsim), located where {@code key} was written. */
  ScenarioException errorAt(String key, String shownPath, String problem) {
    ConfigOrigin origin = in.hasPathOrNull(key) ? in.getValue(key).origin() : null;
    return ScenarioException.at(origins.of(origin), ScenarioLoader.ROOT + "." + shownPath, problem);
  }

  <T> T typed(String key, String expected, BiFunction<Config, String, T> get) {
    try {
      return get.apply(in, key);
    } catch (ConfigException.Missing e) {
      throw error(key, "missing; expected " + expected);
    } catch (ConfigException e) {
      String got = in.hasPathOrNull(key) ? describe(in.getValue(key)) : "nothing";
      throw error(key, "expected " + expected + ", got " + got);
    }
  }

  static String describe(ConfigValue value) {
    String rendered = value.render();
    if (rendered.length() > 60) rendered = rendered.substring(0, 57) + "...";
    return value.valueType().name().toLowerCase() + " " + rendered;
  }

  double number(String key, double min, double max, boolean minExclusive) {
    String expected = "a number " + (minExclusive ? "> " : ">= ") + trim(min) + (max < Double.MAX_VALUE ? " and <= " + trim(max) : "");
    double value = typed(key, expected, Config::getDouble);
    boolean low = minExclusive ? !(value > min) : !(value >= min);
    if (low || value > max || Double.isNaN(value)) throw error(key, "expected " + expected + ", got " + trim(value));
    return value;
  }

  int integer(String key, int min, int max) {
    String expected = "a whole number from " + min + " to " + max;
    int value = typed(key, expected, Config::getInt);
    if (value < min || value > max) throw error(key, "expected " + expected + ", got " + value);
    return value;
  }

  /** A number written without a unit (60, or "60"): HOCON would read bytes or milliseconds, rarely what was meant. */
  private boolean unitless(String key) {
    if (!in.hasPath(key)) return false;
    ConfigValue v = in.getValue(key);
    String raw = String.valueOf(v.unwrapped()).trim();
    if (raw.matches("0+(\\.0*)?")) return false; // nothing is nothing in any unit
    return v.valueType() == ConfigValueType.NUMBER || (v.valueType() == ConfigValueType.STRING && raw.matches("[0-9.eE+-]+"));
  }

  private void requireUnit(String key, String expected) {
    if (unitless(key)) throw error(key, "expected " + expected + ", got " + describe(in.getValue(key)) + " without a unit");
  }

  long bytes(String key, long min, long max) {
    String expected = "a size from " + Units.bytes(min) + " to " + Units.bytes(max) + " with a unit, e.g. 60GiB or 8KiB"
        + " (KiB, MiB, GiB, TiB are powers of 1024; KB, MB, GB, TB powers of 1000)";
    requireUnit(key, expected);
    long value = typed(key, expected, Config::getBytes);
    if (value < min || value > max) throw error(key, "expected " + expected + ", got " + Units.bytes(value));
    return value;
  }

  /** Bytes per second, written as a size per second: 110MB is about 1 GbE, 1250MB 10 GbE. */
  long bandwidth(String key) {
    String expected = "bytes per second with a unit, e.g. 110MB (about 1 GbE) or 1250MB (10 GbE)";
    requireUnit(key, expected);
    long value = typed(key, expected, Config::getBytes);
    if (value < 1) throw error(key, "expected " + expected + ", got " + Units.bytes(value) + " per second");
    return value;
  }

  long micros(String key, long min, long max) {
    String expected = "a duration from " + Units.duration(min) + " to " + Units.duration(max) + " with a unit (e.g. 500us, 2s, 10m, 24h)";
    requireUnit(key, expected);
    long value = typed(key, expected, (c, k) -> c.getDuration(k).toNanos() / 1000);
    if (value < min || value > max) throw error(key, "expected " + expected + ", got " + Units.duration(value));
    return value;
  }

  String string(String key) {
    return typed(key, "a string", Config::getString);
  }

  boolean bool(String key) {
    return typed(key, "true/false (on/off)", Config::getBoolean);
  }

  /** One of {@code values}, written as its {@code label}. */
  <E> E choice(String key, E[] values, java.util.function.Function<E, String> label) {
    String raw = string(key);
    for (E e : values) if (label.apply(e).equalsIgnoreCase(raw)) return e;
    List<String> names = new ArrayList<>();
    for (E e : values) names.add(label.apply(e));
    throw error(key, "expected one of " + String.join(", ", names) + ", got '" + raw + "'");
  }

  /** One of the enum's constants, written in lower case with '-' for '_'. */
  <E extends Enum<E>> E choice(String key, Class<E> type) {
    return choice(key, type.getEnumConstants(), e -> e.name().replace('_', '-').toLowerCase());
  }

  /** The time of day the key holds, in microseconds after midnight. */
  long timeOfDay(String key) {
    return timeOfDay(key, string(key));
  }

  /** One time of day written at the key (e.g. an element of a schedule list). */
  long timeOfDay(String key, String raw) {
    long t = Scenario.timeOfDay(raw);
    if (t < 0) throw error(key, "expected a time of day HH:mm or HH:mm:ss (e.g. \"21:00\"), got '" + raw + "'");
    return t;
  }

  /** The time of day at {@code key} as run time: its first occurrence after the run starts. */
  long runTime(String key, long startTimeOfDay) {
    return Math.floorMod(timeOfDay(key) - startTimeOfDay, Scenario.DAY);
  }

  /** An error unless {@code at} (run time, from {@code key}) falls before the run's end. */
  void withinRun(String key, long at, long duration, String runStart) {
    if (at >= duration) throw error(key, "expected a time within the run (" + runStart + " plus scenario.duration), got " + string(key));
  }

  /** True when a setting says "recommended": Microsoft's advice for the scenario's provider decides it. */
  boolean saysRecommended(String key) {
    return saysWord(key, "recommended");
  }

  boolean saysWord(String key, String word) {
    return in.hasPath(key) && in.getValue(key).valueType() == ConfigValueType.STRING && word.equalsIgnoreCase(in.getString(key));
  }

  /** A list entry may hold only these keys. */
  void onlyKeys(Set<String> allowed) {
    for (Map.Entry<String, ConfigValue> e : in.root().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw ScenarioException.at(origins.of(e.getValue().origin()), ScenarioLoader.ROOT + "." + path(e.getKey()),
            "unknown key" + didYouMean(e.getKey(), allowed));
      }
    }
  }

  String nonEmptyName() {
    String name = string("name");
    if (name.isBlank()) throw error("name", "expected a non-empty name");
    return name;
  }

  /** The index of the entity the key names among {@code known}, or an error offering the nearest name. */
  int reference(String key, Map<String, Integer> known, String what) {
    String name = string(key);
    Integer index = known.get(name);
    if (index == null) throw error(key, "unknown " + what + " '" + name + "'" + didYouMean(name, known.keySet()));
    return index;
  }

  /** Adds this entry's name to {@code index}; a name already there, in any case, is an error. */
  /** Reads one entry of a list of named objects, its name already checked. */
  interface NamedEntry<T> {
    T read(Keys entry, String name);
  }

  /**
   * The list of objects at {@code key}, each with only {@code allowed} keys and a non-empty name,
   * unique without case among them (a {@code what}: "node", "VM"), in order, as {@code read}
   * makes them; {@code index} receives each name's position.
   */
  <T> List<T> named(String key, Set<String> allowed, String what, Map<String, Integer> index, NamedEntry<T> read) {
    List<Keys> entries = list(key);
    List<String> names = new ArrayList<>(entries.size());
    List<T> made = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Keys entry = entries.get(i);
      entry.onlyKeys(allowed);
      String name = entry.nonEmptyName();
      entry.uniqueName(index, name, i, names, what);
      names.add(name);
      made.add(read.read(entry, name));
    }
    return made;
  }

  void uniqueName(Map<String, Integer> index, String name, int i, List<String> earlier, String what) {
    Integer before = index.putIfAbsent(name, i);
    if (before == null) return;
    String other = earlier.get(before);
    throw error("name", other.equals(name) ? "duplicate " + what + " name '" + name + "'"
        : "duplicate " + what + " name '" + name + "': '" + other + "' differs only in case, and Windows compares names without case");
  }

  /** An index by name as Windows compares node, volume, VM and protection group names: without case. */
  static Map<String, Integer> byName() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  static <T> Map<String, Integer> byName(List<T> items, Function<T, String> name) {
    Map<String, Integer> index = byName();
    for (int i = 0; i < items.size(); i++) index.put(name.apply(items.get(i)), i);
    return index;
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
    return close ? " (did you mean '" + best + "'?)" : "; known: " + String.join(", ", new TreeSet<>(candidates));
  }

  static String trim(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}

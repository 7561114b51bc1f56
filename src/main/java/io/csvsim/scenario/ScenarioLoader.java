package io.csvsim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario: a HOCON file layered over reference.conf, then --set overrides. Every error
 * names the file, the key path and what was expected; nothing is half-loaded.
 */
public final class ScenarioLoader {

  public static final String ROOT = "csvsim";

  private final Config reference;

  private ScenarioLoader(Config reference) {
    this.reference = reference;
  }

  public static ScenarioLoader withReference() {
    // csvsim.simulation says how to run, not what: a scenario cannot set it.
    return new ScenarioLoader(ConfigFactory.defaultReference().getConfig(ROOT).withoutPath("simulation").atPath(ROOT));
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

  /**
   * The scenario file as one HOCON text, includes merged and nothing resolved, so that another
   * machine can load it with {@link #fromConfig} exactly as {@link #load} would here.
   */
  public String render(Path file) {
    return merged(file).render(com.typesafe.config.ConfigRenderOptions.concise());
  }

  /** The scenario file with its includes merged, as a HOCON file a person reads (no outer braces, no origin comments). */
  public String renderReadable(Path file) {
    String text = merged(file).render(com.typesafe.config.ConfigRenderOptions.defaults().setOriginComments(false).setComments(true)
        .setJson(false)).strip();
    return text.startsWith("{") && text.endsWith("}") ? text.substring(1, text.length() - 1).strip() + "\n" : text + "\n";
  }

  /** The file parsed with its includes merged, nothing resolved. */
  private static ConfigObject merged(Path file) {
    try {
      return ConfigFactory.parseFile(file.toAbsolutePath().toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(new RequiredIncluder())).root();
    } catch (MissingInclude | ConfigException e) {
      throw new ScenarioException(file + ": cannot be read again: " + e.getMessage());
    }
  }

  /** Builds a scenario from an already parsed config (tests, embedding). */
  public Scenario fromConfig(Config user, String sourceName, List<String> overrides, Long seedOverride) {
    return fromConfig(user, sourceName, null, overrides, seedOverride);
  }

  private Scenario fromConfig(Config user, String sourceName, String absoluteSource, List<String> overrides, Long seedOverride) {
    try {
      Config layered = user;
      for (String override : overrides) layered = applyOverride(override, layered);
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
      Config userLayer = layered;
      java.util.function.Predicate<String> userSet = path -> {
        try {
          return userLayer.hasPathOrNull(ROOT + "." + path);
        } catch (ConfigException e) {
          return true; // set, through a substitution not resolved yet
        }
      };
      return new ScenarioReader(new Keys(all.getConfig(ROOT), "", origins), List.copyOf(given), userSet).read();
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
      "DataSourceGroups", "dpm.datasource-groups",
      "platform", "scenario.platform");

  /** The scenario key a short name stands for (any case), or the key itself. */
  public static String resolveAlias(String key) {
    for (Map.Entry<String, String> alias : ALIASES.entrySet()) if (alias.getKey().equalsIgnoreCase(key)) return alias.getValue();
    return key;
  }

  // LIST.N.KEY or LIST.[N].KEY: one key of a list's entry N (from 0), e.g. maintenance.0.at.
  private static final java.util.regex.Pattern LIST_ENTRY_KEY =
      java.util.regex.Pattern.compile("((?:" + ROOT + "\\.)?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*)\\.\\[?(\\d+)]?\\.([A-Za-z0-9-]+)");

  /** One --set layered over {@code layered}; a key into a list's entry replaces that entry's key alone. */
  private static Config applyOverride(String override, Config layered) {
    int eq = override.indexOf('=');
    if (eq <= 0) throw new ScenarioException("--set " + override + ": expected key=value");
    java.util.regex.Matcher entryKey = LIST_ENTRY_KEY.matcher(override.substring(0, eq).trim());
    if (!entryKey.matches()) return parseOverride(override).withFallback(layered);
    String list = entryKey.group(1).startsWith(ROOT + ".") ? entryKey.group(1) : ROOT + "." + entryKey.group(1);
    int index = Integer.parseInt(entryKey.group(2));
    List<? extends ConfigValue> entries;
    try {
      entries = layered.hasPath(list) ? layered.getList(list) : List.of();
    } catch (ConfigException e) {
      throw new ScenarioException("--set " + override + ": " + list.substring(ROOT.length() + 1) + " is not a list of objects");
    }
    if (index >= entries.size() || entries.get(index).valueType() != ConfigValueType.OBJECT) {
      throw new ScenarioException("--set " + override + ": " + list.substring(ROOT.length() + 1) + " has " + entries.size()
          + (entries.size() == 1 ? " entry" : " entries") + " (numbered from 0)" + (index < entries.size() ? ", not objects" : ""));
    }
    ConfigValue value = parseOverride("value=" + override.substring(eq + 1)).getValue(ROOT + ".value")
        .withOrigin(ConfigValueFactory.fromAnyRef(0, "--set " + override).origin());
    List<ConfigValue> changed = new ArrayList<>(entries);
    changed.set(index, ((ConfigObject) entries.get(index)).withValue(entryKey.group(3), value));
    return layered.withValue(list, ConfigValueFactory.fromIterable(changed));
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
      if (path.equals(ROOT + ".simulation")) {
        throw ScenarioException.at(source.of(entry.getValue().origin()), path,
            "says how to run, not what: set it in conf/application.conf, or use --clock and --speed");
      }
      if (!reference.hasPathOrNull(path)) {
        Set<String> candidates = new java.util.TreeSet<>(siblings(prefix));
        if (prefix.equals(ROOT)) candidates.addAll(ALIASES.keySet()); // a short name, misspelt
        throw ScenarioException.at(source.of(entry.getValue().origin()), path, "unknown key" + Keys.didYouMean(entry.getKey(), candidates));
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
}

package io.csvsim.scenario;

import com.typesafe.config.ConfigOrigin;
import java.nio.file.Path;

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

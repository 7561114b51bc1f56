package io.csvsim.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a run's files so that none is ever half written: each goes to a temporary file in the
 * same directory first and is then renamed over its final name.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

  /** Checks before the run that {@code dir} can be created and written, so that a bad --out fails early. */
  public static void checkWritable(Path dir) throws IOException {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) throw new IOException(dir + ": no existing parent directory");
    if (!Files.isDirectory(existing)) throw new IOException(dir + ": " + existing + " is not a directory");
    if (!Files.isWritable(existing)) throw new IOException(dir + ": " + existing + " is not writable");
  }

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default permissions apply
    }
  }

  public static void write(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    Map<Path, Path> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path tmp = Files.createTempFile(dir, "." + file.getKey(), ".tmp");
        Files.writeString(tmp, file.getValue());
        readableByAll(tmp); // temporary files are created private; the reports are not
        staged.put(tmp, dir.resolve(file.getKey()));
      }
      for (Map.Entry<Path, Path> move : staged.entrySet()) {
        try {
          Files.move(move.getKey(), move.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(move.getKey(), move.getValue(), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      for (Path tmp : staged.keySet()) Files.deleteIfExists(tmp);
    }
  }
}

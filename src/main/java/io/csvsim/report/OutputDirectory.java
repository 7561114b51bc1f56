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

  /**
   * Proves before the run that {@code dir} can be created and written, by creating it and a file in
   * it and removing both again, so that a bad --out fails before anything runs and nothing is left.
   */
  public static void checkWritable(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) throw new IOException(dir + ": no existing parent directory");
    if (!Files.isDirectory(existing)) throw new IOException(dir + ": " + existing + " is not a directory");
    java.util.Deque<Path> created = new java.util.ArrayDeque<>();
    try {
      for (Path p = existing, rest = existing.relativize(absolute); rest.getNameCount() > 0 && !rest.toString().isEmpty(); ) {
        p = p.resolve(rest.getName(0));
        rest = rest.getNameCount() > 1 ? rest.subpath(1, rest.getNameCount()) : Path.of("");
        Files.createDirectory(p);
        created.push(p);
      }
      Path probe = Files.createTempFile(absolute, ".csvsim-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new IOException(dir + ": cannot write there (" + reason(e) + ")");
    } finally {
      while (!created.isEmpty()) Files.deleteIfExists(created.pop());
    }
  }

  /** Why a file operation failed, in words: the system's reason, never an exception's class name. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException a) return "permission denied on " + a.getFile();
    if (e instanceof java.nio.file.NoSuchFileException n) return "cannot create " + n.getFile();
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase();
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default permissions apply
    }
  }

  /** Writes each file (name relative to {@code dir}) in full or not at all: staged beside it, then moved in place. */
  public static void write(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    Map<Path, Path> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = dir.resolve(file.getKey()); // a key may name a subdirectory: "variants/1/report.html"
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        Files.writeString(tmp, file.getValue());
        readableByAll(tmp); // temporary files are created private; the reports are not
        staged.put(tmp, target);
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

package io.csvsim.sweep;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A unit's report.html as it travels back to the coordinator, gzipped (a report compresses about
 * tenfold). One that would still exceed {@link #MAX_BYTES} is not sent: the row always is, and
 * the coordinator says which report it could not write.
 */
public record RunReport(byte[] gzippedHtml) {

  /** Below cluster.conf's maximum-large-frame-size, with room for the rest of the message. */
  public static final int MAX_BYTES = 3 * 1024 * 1024;

  /** The page gzipped, or null when even that is too large to send. */
  public static RunReport of(String html) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(html.length() / 8);
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return bytes.size() > MAX_BYTES ? null : new RunReport(bytes.toByteArray());
  }

  public String html() {
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(gzippedHtml))) {
      return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a unit's report arrived damaged", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RunReport r && Arrays.equals(gzippedHtml, r.gzippedHtml);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(gzippedHtml);
  }

  @Override
  public String toString() {
    return "RunReport[" + gzippedHtml.length + " bytes gzipped]";
  }
}

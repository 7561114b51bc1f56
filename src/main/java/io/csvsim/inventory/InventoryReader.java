package io.csvsim.inventory;

import io.csvsim.scenario.ScenarioException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a VM inventory as PowerShell's Export-Csv writes it: an optional {@code #TYPE} line,
 * UTF-8 (with or without BOM) or UTF-16 with its BOM, quoted fields, comma or (with
 * -UseCulture) semicolon or tab between them, and the header names of the usual cmdlets and
 * scripts in any case and spacing. Sizes follow PowerShell: {@code 1GB} is 2^30 bytes.
 */
public final class InventoryReader {
  private InventoryReader() {}

  /** A column the inventory must or may have, and the header names that mean it (compared without case, spaces or punctuation). */
  enum Column {
    NAME(true, "Name", "VMName", "VM", "VirtualMachine", "OwnerGroup", "ClusterGroup"),
    NODE(true, "OwnerNode", "Node", "Host", "HostName", "ComputerName", "Server"),
    CSV(true, "CSV", "Volume", "CsvVolume", "CsvName", "Path", "StoragePath", "ConfigFilePath", "ConfigurationLocation", "Location",
        "VhdPath", "Vhd"),
    SIZE(true, "SizeBytes", "Size", "Length", "VhdSize", "VhdSizeBytes", "FileSize", "TotalSize", "SizeGB", "VhdSizeGB", "SizeInGB",
        "VhdSizeInGB", "TotalSizeGB"),
    IOPS(false, "IOPS", "MeanIOPS", "AvgIOPS", "AverageIOPS"),
    READ_RATIO(false, "ReadRatio", "ReadShare", "Read", "Reads", "ReadPercent", "ReadPct"),
    ID(false, "VMId", "Id", "ComponentName", "Guid");

    final boolean required;
    final List<String> names;

    Column(boolean required, String... names) {
      this.required = required;
      this.names = List.of(names);
    }
  }

  private static final Pattern CLUSTER_STORAGE = Pattern.compile("(?i)^[a-z]:\\\\ClusterStorage\\\\([^\\\\]+)(?:\\\\.*)?$");
  private static final Pattern VOLUME_NAME = Pattern.compile("[^\\\\/:*?\"<>|]+");
  private static final Pattern SIZE = Pattern.compile("(?i)^\\s*([0-9]+(?:[.,][0-9]+)?)\\s*(b|bytes|kb|mb|gb|tb)?\\s*$");

  public static Inventory read(Path file) {
    String text = decode(file);
    String shown = file.toString();
    // Export-Csv without -NoTypeInformation starts with the objects' type.
    int skipped = 0;
    if (text.startsWith("#TYPE")) {
      int eol = text.indexOf('\n');
      text = eol < 0 ? "" : text.substring(eol + 1);
      skipped = 1;
    }
    char delimiter = delimiter(text);
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).build();
    try (Reader in = new StringReader(text); CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
      Map<Column, String> headers = headers(parser.getHeaderNames(), shown, skipped + 1);
      List<Inventory.Vm> vms = new ArrayList<>();
      Set<String> nodes = new LinkedHashSet<>();
      Set<String> csvs = new LinkedHashSet<>();
      Map<String, Integer> seen = new LinkedHashMap<>();
      for (CSVRecord record : parser) {
        int line = (int) record.getParser().getCurrentLineNumber() + skipped;
        Row row = new Row(record, headers, shown, line);
        String name = row.required(Column.NAME);
        Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), line);
        if (earlier != null) throw row.error(Column.NAME, "VM '" + name + "' is already on line " + earlier + " (names compare without case)");
        String node = row.required(Column.NODE);
        String csv = volume(row);
        long size = size(row);
        Double iops = row.number(Column.IOPS, 0, 1e7);
        Double read = readRatio(row);
        String id = row.optional(Column.ID);
        vms.add(new Inventory.Vm(name, canonical(nodes, node), canonical(csvs, csv), size, iops, read, id));
      }
      if (vms.isEmpty()) throw new ScenarioException(shown + ": no VM rows below the header");
      return new Inventory(shown, vms, List.copyOf(nodes), List.copyOf(csvs));
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      throw new ScenarioException(shown + ": not a CSV file PowerShell's Export-Csv could have written: " + e.getMessage());
    }
  }

  /** The name as first written (Windows compares node and volume names without case). */
  private static String canonical(Set<String> known, String name) {
    for (String k : known) if (k.equalsIgnoreCase(name)) return k;
    known.add(name);
    return name;
  }

  /** UTF-8 with or without its BOM, or UTF-16 with one; anything else is refused rather than guessed. */
  static String decode(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read the inventory (" + e.getClass().getSimpleName().replace("Exception", "") + ")");
    }
    Charset charset = StandardCharsets.UTF_8;
    int offset = 0;
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      charset = StandardCharsets.UTF_16LE;
      offset = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      charset = StandardCharsets.UTF_16BE;
      offset = 2;
    } else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
      offset = 3;
    }
    try {
      return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString().replace("\r\n", "\n").replace('\r', '\n');
    } catch (CharacterCodingException e) {
      throw new ScenarioException(file + ": not UTF-8 or UTF-16 text; export it with Export-Csv -Encoding UTF8 (or Unicode)");
    }
  }

  /** Export-Csv writes commas; -UseCulture writes the culture's list separator (a semicolon in much of Europe). */
  private static char delimiter(String text) {
    int eol = text.indexOf('\n');
    String header = eol < 0 ? text : text.substring(0, eol);
    char best = ',';
    long most = -1;
    for (char c : new char[] {',', ';', '\t'}) {
      long n = outsideQuotes(header, c);
      if (n > most) {
        most = n;
        best = c;
      }
    }
    return best;
  }

  private static long outsideQuotes(String line, char c) {
    long n = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') quoted = !quoted;
      else if (ch == c && !quoted) n++;
    }
    return n;
  }

  private static String key(String header) {
    return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static Map<Column, String> headers(List<String> names, String file, int line) {
    Map<Column, String> found = new LinkedHashMap<>();
    for (Column c : Column.values()) {
      for (String name : names) {
        if (c.names.stream().anyMatch(known -> key(known).equals(key(name)))) {
          String other = found.putIfAbsent(c, name);
          if (other != null) {
            throw new ScenarioException(file + ":" + line + ": columns '" + other + "' and '" + name + "' both give the VM's "
                + c.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "; keep one");
          }
        }
      }
      if (c.required && !found.containsKey(c)) {
        throw new ScenarioException(file + ":" + line + ": no column for the VM's " + c.name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + "; expected one of " + String.join(", ", c.names) + " (any case, spaces ignored), found " + String.join(", ", names));
      }
    }
    return found;
  }

  /** C:\ClusterStorage\Volume1\... (a VM's configuration or VHD path) or a volume's name. */
  private static String volume(Row row) {
    String value = row.required(Column.CSV);
    Matcher path = CLUSTER_STORAGE.matcher(value);
    if (path.matches()) return path.group(1);
    if (!value.contains("\\") && VOLUME_NAME.matcher(value).matches()) return value;
    throw row.error(Column.CSV, "'" + value + "' is not on a Cluster Shared Volume: expected C:\\ClusterStorage\\<volume>\\... or a volume name");
  }

  private static long size(Row row) {
    String value = row.required(Column.SIZE);
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) throw row.error(Column.SIZE, "expected a size (bytes, or with a unit: 60GB, 60 GB), got '" + value + "'");
    double number = Double.parseDouble(m.group(1).replace(',', '.'));
    String unit = m.group(2) == null ? (key(row.header(Column.SIZE)).contains("gb") ? "gb" : "b") : m.group(2).toLowerCase(Locale.ROOT);
    int shift = switch (unit) {
      case "kb" -> 10;
      case "mb" -> 20;
      case "gb" -> 30;
      case "tb" -> 40;
      default -> 0;
    };
    double bytes = number * (1L << shift);
    if (bytes < 1 || bytes > 2 * (1L << 40)) {
      throw row.error(Column.SIZE, "expected a VHD size from 1 byte to 2 TB (VHD's limit), got '" + value + "'");
    }
    return Math.round(bytes);
  }

  /** A share (0.7) or a percentage (70, 70%). */
  private static Double readRatio(Row row) {
    String value = row.optional(Column.READ_RATIO);
    if (value == null) return null;
    String number = value.endsWith("%") ? value.substring(0, value.length() - 1).strip() : value;
    double ratio;
    try {
      ratio = Double.parseDouble(number.replace(',', '.'));
    } catch (NumberFormatException e) {
      throw row.error(Column.READ_RATIO, "expected a share (0.7) or a percentage (70%), got '" + value + "'");
    }
    if (value.endsWith("%") || ratio > 1) ratio /= 100;
    if (ratio < 0 || ratio > 1) throw row.error(Column.READ_RATIO, "expected a share from 0 to 1 or a percentage to 100, got '" + value + "'");
    return ratio;
  }

  /** One data row, with messages that name the file, the line and the column as the file heads it. */
  private record Row(CSVRecord record, Map<Column, String> headers, String file, int line) {
    String header(Column c) {
      return headers.get(c);
    }

    String optional(Column c) {
      String header = headers.get(c);
      if (header == null || !record.isSet(header)) return null;
      String value = record.get(header).strip();
      return value.isEmpty() ? null : value;
    }

    String required(Column c) {
      String value = optional(c);
      if (value == null) throw error(c, "empty");
      return value;
    }

    Double number(Column c, double min, double max) {
      String value = optional(c);
      if (value == null) return null;
      try {
        double n = Double.parseDouble(value.replace(',', '.'));
        if (n >= min && n <= max) return n;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw error(c, "expected a number from " + (long) min + " to " + (long) max + ", got '" + value + "'");
    }

    ScenarioException error(Column c, String problem) {
      return new ScenarioException(file + ":" + line + ": column " + headers.get(c) + ": " + problem);
    }
  }
}

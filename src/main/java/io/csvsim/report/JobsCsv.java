package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.JobResult;
import java.util.Locale;
import java.util.Map;

/** jobs.csv: one row per backup job attempt (RFC 4180 quoting). */
public final class JobsCsv {
  private JobsCsv() {}

  public static String render(SimulationResult result) {
    long start = result.startTimeOfDaySeconds();
    StringBuilder b = new StringBuilder(
        "id,vm,node,csv,provider,kind,attempt,queuedAt,queuedAtTimeOfDay,startedAt,startedAtTimeOfDay,preparedAt,preparedAtTimeOfDay,"
            + "snapshotAt,snapshotAtTimeOfDay,endedAt,endedAtTimeOfDay,outcome,bytes,ownershipMoveSeconds,downtimeSeconds,"
            + "waitedHostLimit,waitedDatasourceGroup,waitedCsvBusy,waitedCsvMaintenance,waitedVmOffline,waitedDpmDown,reason\n");
    for (JobResult j : result.jobs()) {
      Map<String, Double> w = j.waitedFor();
      b.append(j.id()).append(',').append(quote(j.vm())).append(',').append(quote(j.node())).append(',')
          .append(quote(j.csv())).append(',').append(j.provider()).append(',').append(j.kind()).append(',').append(j.attempt());
      for (Double at : new Double[] {j.queuedAt(), j.startedAt(), j.preparedAt(), j.snapshotAt(), j.endedAt()}) {
        b.append(',').append(num(at)).append(',').append(at == null ? "" : TextReport.timeOfDay(at, start));
      }
      b.append(',').append(j.outcome()).append(',').append(j.bytes()).append(',').append(num(j.ownershipMoveSeconds()))
          .append(',').append(num(j.downtimeSeconds())).append(',').append(num(w.getOrDefault("host-limit", 0.0)))
          .append(',').append(num(w.getOrDefault("datasource-group", 0.0))).append(',')
          .append(num(w.getOrDefault("csv-busy", 0.0))).append(',').append(num(w.getOrDefault("csv-maintenance", 0.0))).append(',')
          .append(num(w.getOrDefault("vm-offline", 0.0))).append(',')
          .append(num(w.getOrDefault("dpm-down", 0.0))).append(',').append(quote(j.reason())).append('\n');
    }
    return b.toString();
  }

  private static String num(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  static String quote(String s) {
    if (s.isEmpty()) return "";
    boolean needs = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
    return needs ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}

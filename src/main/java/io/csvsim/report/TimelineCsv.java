package io.csvsim.report;

import io.csvsim.result.SimulationResult;
import io.csvsim.result.SimulationResult.CsvSeries;
import io.csvsim.result.SimulationResult.NodeSeries;
import io.csvsim.result.SimulationResult.Timeline;
import java.util.Locale;

/** timeline.csv: the series behind the report's charts, one row per time bucket. */
public final class TimelineCsv {
  private TimelineCsv() {}

  private static final String[] VM_SERIES = {"directP50Ms", "directP99Ms", "redirectedP50Ms", "redirectedP99Ms"};

  public static String render(SimulationResult r) {
    long startTimeOfDaySeconds = r.startTimeOfDaySeconds();
    Timeline t = r.timeline();
    StringBuilder b = new StringBuilder("time,timeOfDay,jobsQueued,jobsWaitingForCsv,jobsActive,storageIops,storageMBps,storageUtilisation,backupNetworkUtilisation,"
        + "directP50Ms,directP99Ms,redirectedP50Ms,redirectedP99Ms");
    for (NodeSeries n : t.nodes()) {
      b.append(',').append(JobsCsv.quote(n.name() + " nicUtilisation")).append(',').append(JobsCsv.quote(n.name() + " redirectCpuUtilisation"));
    }
    for (CsvSeries c : t.csvs()) {
      b.append(',').append(JobsCsv.quote(c.name() + " redirectedShare")).append(',').append(JobsCsv.quote(c.name() + " coordinator"))
          .append(',').append(JobsCsv.quote(c.name() + " maintenanceShare"));
    }
    for (var vm : t.mostAffectedVms()) {
      for (String series : VM_SERIES) b.append(',').append(JobsCsv.quote(vm.name() + " " + series));
    }
    b.append('\n');
    for (int i = 0; i < t.buckets(); i++) {
      double time = i * t.bucketSeconds();
      b.append(num(time)).append(',').append(TextReport.timeOfDay(time, startTimeOfDaySeconds)).append(',').append(num(t.jobsQueued()[i]))
          .append(',').append(num(t.jobsWaitingForCsv()[i])).append(',').append(num(t.jobsActive()[i]))
          .append(',').append(num(t.storageIops()[i])).append(',').append(num(t.storageMBps()[i])).append(',')
          .append(num(t.storageUtilisation()[i])).append(',').append(num(t.backupNetworkUtilisation()[i])).append(',')
          .append(num(t.directP50Ms()[i])).append(',').append(num(t.directP99Ms()[i])).append(',').append(num(t.redirectedP50Ms()[i]))
          .append(',').append(num(t.redirectedP99Ms()[i]));
      for (NodeSeries n : t.nodes()) b.append(',').append(num(n.nicUtilisation()[i])).append(',').append(num(n.redirectCpuUtilisation()[i]));
      for (CsvSeries c : t.csvs()) {
        b.append(',').append(num(c.redirectedShare()[i])).append(',').append(c.coordinator()[i] == null ? "" : JobsCsv.quote(c.coordinator()[i]))
            .append(',').append(num(c.maintenanceShare()[i]));
      }
      for (var vm : t.mostAffectedVms()) {
        for (double[] series : new double[][] {vm.directP50Ms(), vm.directP99Ms(), vm.redirectedP50Ms(), vm.redirectedP99Ms()}) {
          b.append(',').append(num(series[i]));
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Empty for NaN (a bucket without such ops). */
  static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }
}

package io.csvsim.report;

import io.csvsim.result.SimulationResult.FaultResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults and what followed them, as people read them: what happened to many targets at once
 * (ten VMs restarted on one node) is one line with a count, not ten.
 */
final class FaultLines {
  private FaultLines() {}

  /** One line of the faults table: {@code targets} share the time, kind and what happened. */
  record Line(double at, String kind, List<String> targets, String what) {
    /** "node-b", or "4 VMs: vm-1, vm-2, vm-3 and 1 more" style, for several targets. */
    String where(int listed) {
      if (targets.size() == 1) return targets.get(0);
      List<String> shown = targets.subList(0, Math.min(listed, targets.size()));
      String more = targets.size() > listed ? " and " + (targets.size() - listed) + " more" : "";
      return targets.size() + ": " + String.join(", ", shown) + more;
    }
  }

  static List<Line> of(List<FaultResult> faults) {
    List<Line> lines = new ArrayList<>();
    for (FaultResult f : faults) {
      Line same = null;
      for (int k = lines.size() - 1; k >= 0 && lines.get(k).at() == f.at() && same == null; k--) {
        Line l = lines.get(k);
        if (l.kind().equals(f.kind()) && l.what().equals(f.what())) same = l;
      }
      if (same != null) {
        same.targets().add(f.target());
      } else {
        List<String> targets = new ArrayList<>();
        targets.add(f.target());
        lines.add(new Line(f.at(), f.kind(), targets, f.what()));
      }
    }
    return lines;
  }
}

package io.csvsim.internal.model;

import io.csvsim.internal.clock.SimClock;
import io.csvsim.scenario.Scenario;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A node's side of CSV maintenance (chkdsk, defrag, redirected access): it asks the volume to
 * hold it for the maintenance, works the array while the volume is held, and hands the volume back
 * when its time is up. A node that goes down or loses its storage path drops its maintenance: the
 * volume learns of that from the cluster and ends the hold itself.
 */
final class MaintenanceWork {
  private final Scenario scenario;
  private final int me;
  private final SimClock.Sender out;
  private final ActorRef<HyperVNode.Command> self;
  private final ActorRef<StorageArray.Command> storage;
  private List<ActorRef<CsvVolume.Command>> volumes = List.of();
  private final Set<Integer> running = new TreeSet<>(); // granted and not yet ended, by maintenance index

  MaintenanceWork(Scenario scenario, int me, SimClock.Sender out, ActorRef<HyperVNode.Command> self, ActorRef<StorageArray.Command> storage) {
    this.scenario = scenario;
    this.me = me;
    this.out = out;
    this.self = self;
    this.storage = storage;
  }

  void connect(List<ActorRef<CsvVolume.Command>> volumes) {
    this.volumes = List.copyOf(volumes);
  }

  /** The administrator starts it from this node; a down node's attempt reaches the cluster only to be refused. */
  void start(int maintenance, boolean nodeUp) {
    Scenario.MaintenanceSpec spec = scenario.maintenance().get(maintenance);
    out.tell(volumes.get(spec.csv()), new CsvVolume.PrepareForMaintenance(maintenance, me, self, nodeUp), scenario.network().latency());
  }

  /** The volume is held for it, coordinated here and redirected for the others: the work runs for its duration. */
  void granted(int maintenance, boolean down) {
    if (down) return; // the volume ends the hold when the cluster tells it the node is gone
    Scenario.MaintenanceSpec spec = scenario.maintenance().get(maintenance);
    running.add(maintenance);
    setDiskLoad(maintenance, spec.diskBytesPerSecond());
    out.tell(self, new HyperVNode.MaintenanceFinished(maintenance), spec.duration());
  }

  void finished(int maintenance) {
    if (!running.remove(maintenance)) return; // dropped when the node went down
    setDiskLoad(maintenance, 0);
    out.tell(volumes.get(scenario.maintenance().get(maintenance).csv()), new CsvVolume.EndMaintenance(maintenance), scenario.network().latency());
  }

  /** The node went down or lost its path to the array: its maintenance stops working the disk. */
  void dropAll() {
    for (int maintenance : running) setDiskLoad(maintenance, 0);
    running.clear();
  }

  private void setDiskLoad(int maintenance, double bytesPerSecond) {
    if (scenario.maintenance().get(maintenance).diskBytesPerSecond() > 0) {
      out.tell(storage, new StorageArray.MaintenanceLoad(maintenance, bytesPerSecond), SimClock.NEXT_INSTANT);
    }
  }
}

package io.csvsim.cli;

import io.csvsim.inventory.ClusterImport;
import io.csvsim.inventory.DataSourceGroupsXml;
import io.csvsim.inventory.Inventory;
import io.csvsim.inventory.InventoryReader;
import io.csvsim.scenario.ScenarioException;
import io.csvsim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code csvsim import}: a real cluster's inventory (and DPM's group file) as a scenario file. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Turn a VM inventory (CSV, as Export-Csv writes it) into a scenario file; see the README for the PowerShell.")
public final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;


  @Parameters(index = "0", paramLabel = "INVENTORY.csv", description = "One row per VM: name, owner node, CSV (path or volume), VHD size; optionally IOPS, read ratio, VM id.")
  Path inventory;

  @Option(names = "--out", required = true, paramLabel = "SCENARIO.conf", description = "The scenario file to write.")
  Path out;

  @Option(names = "--datasource-groups", paramLabel = "DataSourceGroups.xml",
      description = "DPM's group file (DSConfig.ps1's): its groups go into the scenario; VMs out of place are reported.")
  Path groupsFile;

  @Option(names = "--name", paramLabel = "NAME", description = "The scenario's name (default: the --out file's name without .conf).")
  String name;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    ClusterImport.Result result;
    try {
      Inventory read = InventoryReader.read(inventory);
      List<DataSourceGroupsXml.Group> groups = groupsFile == null ? null : DataSourceGroupsXml.read(groupsFile);
      String scenarioName = name != null ? name : out.getFileName().toString().replaceFirst("(?i)\\.conf$", "");
      result = ClusterImport.of(read, scenarioName, groups, groupsFile == null ? null : groupsFile.getFileName().toString());
      // What is written must load: the same checks as a run, before anything is written.
      ScenarioLoader.withReference().fromConfig(com.typesafe.config.ConfigFactory.parseString(result.hocon()), out.toString(), List.of(), null);
      write(result.hocon());
    } catch (ScenarioException | IOException e) {
      return Main.rejected(err, e);
    }
    if (result.groups() != null && !result.groups().clean()) {
      err.println("csvsim: " + groupsFile + " no longer matches the cluster; the scenario keeps its groups, as DPM does:");
      result.groups().stale().forEach(s -> err.println("  stale: " + s));
      result.groups().unknownVms().forEach(s -> err.println("  not in the inventory: " + s));
      result.groups().ungroupedVms().forEach(s -> err.println("  in no group: " + s));
      err.println("  Run DSConfig.ps1 again on a cluster node to regenerate it.");
    }
    o.println("wrote " + out);
    return Main.OK;
  }

  /** Whole or not at all: a temporary file beside it, then a rename. */
  private void write(String text) throws IOException {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".csvsim-import", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

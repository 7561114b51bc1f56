package io.csvsim.inventory;

import io.csvsim.scenario.ScenarioException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * DPM 2010's DataSourceGroups.xml as DSConfig.ps1 writes it (TechNet ff634192): in the namespace
 * {@value #NAMESPACE}, a {@code DatasourceGroup} root with one {@code Group} element per VM, each
 * naming the Hyper-V VSS writer ({@code WriterId}), the VM's id ({@code ComponentName}), its name
 * ({@code CaptionName}) and its group ({@code GroupId}, one per CSV). VMs that share a GroupId
 * form one group: DPM backs up one of them at a time.
 */
public final class DataSourceGroupsXml {
  private DataSourceGroupsXml() {}

  public static final String NAMESPACE = "http://schemas.microsoft.com/2003/dls/GroupDatasourceByDisk.xsd";
  /** The Hyper-V VSS writer's id, which every entry names. */
  public static final String HYPER_V_WRITER = "66841cd4-6ded-4f4b-8f17-fd23f8ddc3de";

  /** A group as the file has it: its GroupId and its VMs' names (CaptionName), in file order. */
  public record Group(String id, List<String> vms) {
    public Group {
      vms = List.copyOf(vms);
    }
  }

  /** One entry per VM: its name, its id (ComponentName; may be empty) and its group. */
  public record Entry(String vm, String componentName, String groupId) {}

  public static List<Group> read(Path file) {
    String text = InventoryReader.decode(file); // DSConfig.ps1 writes UTF-16 ("utf-16" in the declaration); UTF-8 is read alike
    String shown = file.toString();
    Document doc;
    try {
      doc = builder().parse(new InputSource(new StringReader(text.replaceFirst("^<\\?xml[^>]*\\?>", ""))));
    } catch (SAXException | IOException e) {
      throw new ScenarioException(shown + ": not well-formed XML: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!"DatasourceGroup".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
      throw new ScenarioException(shown + ": expected a DatasourceGroup element in namespace " + NAMESPACE
          + " (DSConfig.ps1's DataSourceGroups.xml), found " + root.getLocalName() + " in " + root.getNamespaceURI());
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, String> groupOfVm = new LinkedHashMap<>();
    NodeList children = root.getChildNodes();
    int index = 0;
    for (int i = 0; i < children.getLength(); i++) {
      if (!(children.item(i) instanceof Element group)) continue;
      index++;
      String where = shown + ": Group " + index;
      if (!"Group".equals(group.getLocalName())) throw new ScenarioException(where + ": expected a Group element, found " + group.getLocalName());
      String vm = child(group, "CaptionName", where);
      String id = child(group, "GroupId", where);
      String other = groupOfVm.putIfAbsent(vm.toLowerCase(Locale.ROOT), id);
      if (other != null) throw new ScenarioException(where + ": VM '" + vm + "' is already in group " + other);
      groups.computeIfAbsent(id, k -> new ArrayList<>()).add(vm);
    }
    if (groups.isEmpty()) throw new ScenarioException(shown + ": no Group elements: DSConfig.ps1 writes one per VM on a CSV");
    List<Group> all = new ArrayList<>();
    groups.forEach((id, vms) -> all.add(new Group(id, vms)));
    return all;
  }

  private static String child(Element group, String name, String where) {
    NodeList found = group.getElementsByTagNameNS(NAMESPACE, name);
    if (found.getLength() != 1 || found.item(0).getTextContent().isBlank()) {
      throw new ScenarioException(where + ": expected one non-empty " + name + " element");
    }
    return found.item(0).getTextContent().strip();
  }

  /** DSConfig.ps1's file for these entries, in their order (UTF-16, as DPM reads it). */
  public static String write(List<Entry> entries) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<DatasourceGroup xmlns=\"" + NAMESPACE + "\">\r\n");
    for (Entry e : entries) {
      b.append("  <Group>\r\n")
          .append("    <WriterId>").append(HYPER_V_WRITER).append("</WriterId>\r\n")
          .append("    <ComponentName>").append(escape(e.componentName())).append("</ComponentName>\r\n")
          .append("    <CaptionName>").append(escape(e.vm())).append("</CaptionName>\r\n")
          .append("    <GroupId>").append(escape(e.groupId())).append("</GroupId>\r\n")
          .append("  </Group>\r\n");
    }
    return b.append("</DatasourceGroup>\r\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Namespace-aware, and closed to DTDs and external entities: the file comes from elsewhere. */
  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throws on fatal errors, prints nothing
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a secure setting", e);
    }
  }
}

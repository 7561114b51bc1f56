package io.csvsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SvgTest {

  @Test
  void attributesAndTextAreEscapedAndCoordinatesHaveTwoDecimals() {
    StringBuilder out = new StringBuilder();
    new Svg(out).open("g", "class", "job failed").title("vm \"a\" <b> & c").element("rect", "x", 1.0 / 3, "y", 12, "fill", "#fff")
        .label("node-a", "x", 2.5, "y", 4).close("g");
    assertEquals("<g class=\"job failed\"><title>vm &quot;a&quot; &lt;b&gt; &amp; c</title><rect x=\"0.33\" y=\"12\" fill=\"#fff\"/>"
        + "<text x=\"2.50\" y=\"4\">node-a</text></g>", out.toString());
  }

  @Test
  void anAttributeWithoutItsValueIsAMistake() {
    assertThrows(IllegalArgumentException.class, () -> new Svg(new StringBuilder()).element("rect", "x"));
  }
}

package io.csvsim.report;

import org.apache.commons.text.StringEscapeUtils;

/**
 * Writes SVG elements into a page: attributes as name/value pairs (doubles with two decimals,
 * strings escaped), text escaped. Nothing else in the report writes SVG markup by hand.
 */
final class Svg {
  private final StringBuilder out;

  Svg(StringBuilder out) {
    this.out = out;
  }

  /** {@code <tag a="v" ...>}; close it with {@link #close}. */
  Svg open(String tag, Object... attributes) {
    start(tag, attributes);
    out.append('>');
    return this;
  }

  /** {@code <tag a="v" .../>}. */
  Svg element(String tag, Object... attributes) {
    start(tag, attributes);
    out.append("/>");
    return this;
  }

  Svg close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  Svg text(String text) {
    out.append(StringEscapeUtils.escapeHtml4(text));
    return this;
  }

  /** A tooltip for the element it is in. */
  Svg title(String text) {
    return open("title").text(text).close("title");
  }

  /** {@code <text ...>content</text>}. */
  Svg label(String content, Object... attributes) {
    return open("text", attributes).text(content).close("text");
  }

  static String num(double v) {
    return HtmlReport.fmt(v);
  }

  private void start(String tag, Object... attributes) {
    if (attributes.length % 2 != 0) throw new IllegalArgumentException(tag + ": attributes come in name/value pairs");
    out.append('<').append(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      Object value = attributes[i + 1];
      String text = value instanceof Double d ? num(d) : StringEscapeUtils.escapeHtml4(String.valueOf(value));
      out.append(' ').append(attributes[i]).append("=\"").append(text).append('"');
    }
  }
}

package io.journeymap.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** A chart read back with the JDK's XML parser, and the checks every chart must pass. */
final class SvgCheck {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final double TOLERANCE = 0.051;

  final String source;
  final Document doc;
  final double width;
  final double height;

  SvgCheck(String svg) throws Exception {
    this.source = svg;
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    this.doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(
        svg.getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getTagName());
    String[] box = root.getAttribute("viewBox").split(" ");
    assertEquals(0.0, Double.parseDouble(box[0]));
    assertEquals(0.0, Double.parseDouble(box[1]));
    width = Double.parseDouble(box[2]);
    height = Double.parseDouble(box[3]);
    assertEquals(width, Double.parseDouble(root.getAttribute("width")));
    assertEquals(height, Double.parseDouble(root.getAttribute("height")));
  }

  List<Element> all(String tag) {
    NodeList list = doc.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  List<Element> withClass(String tag, String cls) {
    return all(tag).stream().filter(e -> e.getAttribute("class").equals(cls)).toList();
  }

  static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  /** Every visible text and every tooltip, as read. */
  String allText() {
    StringBuilder b = new StringBuilder();
    for (String tag : new String[] {"text", "title"}) {
      for (Element e : all(tag)) {
        b.append(e.getTextContent()).append('\n');
      }
    }
    return b.toString();
  }

  /** The visible text of text elements, without their tooltips. */
  List<String> visibleTexts() {
    List<String> out = new ArrayList<>();
    for (Element e : all("text")) {
      StringBuilder b = new StringBuilder();
      for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n.getNodeType() == Node.TEXT_NODE) {
          b.append(n.getNodeValue());
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  void assertShows(String label) {
    assertTrue(allText().contains(label), "no label '" + label + "' in\n" + allText());
  }

  /** Every shape and every text (by its estimated extent) lies inside the viewBox. */
  void assertInsideViewBox() {
    for (Element r : all("rect")) {
      inside(r, attr(r, "x"), attr(r, "y"));
      inside(r, attr(r, "x") + attr(r, "width"), attr(r, "y") + attr(r, "height"));
    }
    for (Element l : all("line")) {
      inside(l, attr(l, "x1"), attr(l, "y1"));
      inside(l, attr(l, "x2"), attr(l, "y2"));
    }
    for (Element c : all("circle")) {
      double r = attr(c, "r");
      inside(c, attr(c, "cx") - r, attr(c, "cy") - r);
      inside(c, attr(c, "cx") + r, attr(c, "cy") + r);
    }
    for (Element p : all("path")) {
      double half = p.hasAttribute("stroke-width") ? attr(p, "stroke-width") / 2 : 0;
      Matcher m = NUMBER.matcher(p.getAttribute("d"));
      List<Double> n = new ArrayList<>();
      while (m.find()) {
        n.add(Double.parseDouble(m.group()));
      }
      assertEquals(0, n.size() % 2, p.getAttribute("d"));
      for (int i = 0; i < n.size(); i += 2) {
        inside(p, n.get(i), n.get(i + 1) - half);
        inside(p, n.get(i), n.get(i + 1) + half);
      }
    }
    List<Element> texts = all("text");
    List<String> shown = visibleTexts();
    for (int i = 0; i < texts.size(); i++) {
      Element t = texts.get(i);
      double size = t.hasAttribute("font-size") ? attr(t, "font-size") : Svg.FONT_SIZE;
      boolean bold = t.getAttribute("font-weight").equals("bold");
      double w = Svg.width(shown.get(i), size, bold);
      double x = attr(t, "x");
      double left = switch (t.getAttribute("text-anchor")) {
        case "end" -> x - w;
        case "middle" -> x - w / 2;
        default -> x;
      };
      inside(t, left, attr(t, "y") - size);
      inside(t, left + w, attr(t, "y") + 3);
    }
  }

  private void inside(Element e, double x, double y) {
    assertTrue(x >= -TOLERANCE && x <= width + TOLERANCE && y >= -TOLERANCE
            && y <= height + TOLERANCE, "<" + e.getTagName() + "> at (" + x + ", " + y
            + ") outside the viewBox 0 0 " + width + " " + height + ": " + e.getTextContent());
  }

  /**
   * Markup and quotes in {@code hostile} are escaped (the chart parsed), its full text is a
   * tooltip, and what is shown of it is cut with an ellipsis.
   */
  void assertHostileLabelHandled(String hostile) {
    assertFalse(source.contains("<script"), "markup passed through");
    assertTrue(all("title").stream().anyMatch(t -> t.getTextContent().equals(hostile)
            || t.getTextContent().contains(hostile)), "no tooltip with the full label");
    String head = hostile.substring(0, Math.min(12, hostile.length()));
    assertTrue(visibleTexts().stream().anyMatch(t -> t.endsWith("\u2026") && t.contains(head)),
        "the label is not cut: " + visibleTexts());
    assertFalse(visibleTexts().stream().anyMatch(t -> t.contains(hostile)),
        "the full 300-character label is shown");
  }
}

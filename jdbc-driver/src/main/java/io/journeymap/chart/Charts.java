package io.journeymap.chart;

/** What the charts share with the pages they are placed in. */
public final class Charts {
  private static final String NAMESPACE = " xmlns=\"http://www.w3.org/2000/svg\"";

  private Charts() {}

  /**
   * A chart for placing inside an HTML page: without its namespace declaration, which an HTML
   * parser supplies for an {@code <svg>} element, so the page holds no address of any kind.
   */
  public static String inline(String svg) {
    if (!svg.startsWith("<svg" + NAMESPACE)) {
      throw new IllegalArgumentException("not a chart of this module");
    }
    return "<svg" + svg.substring(4 + NAMESPACE.length());
  }
}

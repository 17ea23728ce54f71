package io.journeymap.chart;

/**
 * The {@code d} attribute of an SVG path, in absolute commands only (M, L, C, Z), so every
 * number pair in it is a point of the drawing.
 */
final class PathData {
  private final StringBuilder d = new StringBuilder();

  PathData moveTo(double x, double y) {
    return command('M', x, y);
  }

  PathData lineTo(double x, double y) {
    return command('L', x, y);
  }

  /** A cubic Bezier curve through two control points to (x, y). */
  PathData curveTo(double x1, double y1, double x2, double y2, double x, double y) {
    command('C', x1, y1);
    d.append(' ').append(Svg.num(x2)).append(' ').append(Svg.num(y2)).append(' ')
        .append(Svg.num(x)).append(' ').append(Svg.num(y));
    return this;
  }

  PathData close() {
    d.append(d.isEmpty() ? "Z" : " Z");
    return this;
  }

  boolean isEmpty() {
    return d.isEmpty();
  }

  private PathData command(char c, double x, double y) {
    if (!d.isEmpty()) {
      d.append(' ');
    }
    d.append(c).append(Svg.num(x)).append(' ').append(Svg.num(y));
    return this;
  }

  @Override
  public String toString() {
    return d.toString();
  }
}

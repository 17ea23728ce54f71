package io.journeymap.chart;

import io.journeymap.stats.Proportion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths journeys took between two stages (the rows of {@code paths(from_stage, to_stage)}) as
 * a Sankey diagram: one column per step position, a node per event at that position, and one
 * ribbon per path whose width is its number of journeys; at the right, each path splits into the
 * journeys that reached the second stage (green) and those that did not (grey). Nodes say how
 * many journeys passed and how many of them reached the second stage.
 *
 * <p>Fixed width; the commonest {@link #MAX_PATHS} paths are drawn and the rest counted.
 */
public final class SankeyChart {
  static final double WIDTH = 960;
  static final double TOP = 48;
  static final double PLOT = 340;
  static final double NODE_W = 10;
  static final double NODE_GAP = 10;
  static final double LEFT = 12;
  /** Room right of the last column for the outcome labels. */
  static final double OUTCOME_LABELS = 230;
  static final int MAX_PATHS = 24;
  private static final double LEGEND = 36;
  private static final String NOTHING = "(nothing)";
  private static final String MORE = "...";

  /**
   * One path.
   *
   * @param steps the events after entering the first stage, in order (empty: nothing)
   * @param cut true when the path was cut at the step limit (more events followed)
   * @param journeys judged journeys that followed it
   * @param reached of them, journeys that reached the second stage
   * @param low lower bound of the 95% interval of reached / journeys, or null
   * @param high upper bound, or null
   * @param smallSample true when the rate is too thin to read
   */
  public record Path(List<String> steps, boolean cut, long journeys, long reached, Double low,
      Double high, boolean smallSample) {
    public Path {
      steps = List.copyOf(steps);
      if (journeys < 0 || reached < 0 || reached > journeys) {
        throw new IllegalArgumentException("a path needs 0 <= reached <= journeys, not "
            + reached + " of " + journeys);
      }
    }

    /** A row of {@code paths()}: its {@code path} column split on {@code ' > '}. */
    public static Path of(String path, long journeys, long reached, Double low, Double high,
        boolean smallSample) {
      List<String> steps = new ArrayList<>(path == null || path.equals(NOTHING) ? List.of()
          : Arrays.asList(path.split(" > ", -1)));
      boolean cut = !steps.isEmpty() && steps.get(steps.size() - 1).equals(MORE);
      if (cut) {
        steps.remove(steps.size() - 1);
      }
      return new Path(steps, cut, journeys, reached, low, high, smallSample);
    }

    String text() {
      return (steps.isEmpty() ? NOTHING : String.join(" > ", steps)) + (cut ? " > " + MORE
          : "");
    }
  }

  /** A node: an event at a step position (or the first stage, or an outcome). */
  private static final class Node {
    final String name;
    final int column;
    long journeys;
    long reached;
    double y;
    double height;
    /** Where the next path's slot starts inside the node. */
    double fill;

    Node(String name, int column) {
      this.name = name;
      this.column = column;
    }
  }

  private SankeyChart() {}

  /** The diagram as an SVG element. */
  public static String svg(String caption, String fromStage, String toStage, List<Path> all) {
    List<Path> paths = new ArrayList<>(all);
    paths.sort(Comparator.comparingLong(Path::journeys).reversed()
        .thenComparing(Path::text));
    List<Path> left = paths.size() > MAX_PATHS ? paths.subList(MAX_PATHS, paths.size())
        : List.of();
    paths = paths.subList(0, Math.min(MAX_PATHS, paths.size()));
    int steps = paths.stream().mapToInt(p -> p.steps().size()).max().orElse(0);
    int columns = steps + 2;

    // nodes per column: the first stage, the events at each position, the two outcomes
    List<Map<String, Node>> byColumn = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      byColumn.add(new LinkedHashMap<>());
    }
    String start = "entered " + fromStage;
    String yes = "reached " + toStage;
    String no = "did not reach " + toStage;
    for (Path p : paths) {
      add(byColumn, 0, start, p.journeys(), p.reached());
      for (int i = 0; i < p.steps().size(); i++) {
        add(byColumn, i + 1, p.steps().get(i), p.journeys(), p.reached());
      }
      add(byColumn, columns - 1, yes, p.reached(), p.reached());
      add(byColumn, columns - 1, no, p.journeys() - p.reached(), 0);
    }
    byColumn.get(columns - 1).values().removeIf(node -> node.journeys == 0);
    long total = paths.stream().mapToLong(Path::journeys).sum();
    double scale = Double.MAX_VALUE;
    for (Map<String, Node> column : byColumn) {
      long sum = column.values().stream().mapToLong(node -> node.journeys).sum();
      if (sum > 0) {
        scale = Math.min(scale, (PLOT - (column.size() - 1) * NODE_GAP) / sum);
      }
    }
    if (total == 0) {
      scale = 0;
    }
    for (Map<String, Node> column : byColumn) {
      double y = TOP;
      List<Node> ordered = new ArrayList<>(column.values());
      if (ordered.stream().noneMatch(node -> node.column == columns - 1)) {
        ordered.sort(Comparator.comparingLong((Node node) -> node.journeys).reversed()
            .thenComparing(node -> node.name));
      }
      for (Node node : ordered) {
        node.y = y;
        node.height = node.journeys * scale;
        node.fill = y;
        y += node.height + NODE_GAP;
      }
    }

    double height = TOP + PLOT + 16 + LEGEND;
    Svg svg = new Svg(WIDTH, height, caption);
    svg.fitted(4, 16, "start", "font-weight=\"bold\"", caption, WIDTH - 8, Svg.FONT_SIZE, true);
    double lastX = WIDTH - OUTCOME_LABELS;
    double spacing = columns > 1 ? (lastX - LEFT) / (columns - 1) : 0;
    for (Path p : paths) {
      ribbons(svg, p, byColumn, columns, scale, spacing, yes, no, start);
    }
    for (Map<String, Node> column : byColumn) {
      for (Node node : column.values()) {
        boolean outcome = node.column == columns - 1;
        node(svg, node, LEFT + node.column * spacing, outcome ? OUTCOME_LABELS - 24
            : spacing - NODE_W - 10, outcome ? total : -1);
      }
    }
    String small = "fill=\"#666666\" font-size=\"10\"";
    double legend = TOP + PLOT + 30;
    svg.fitted(4, legend, "start", small, "Each ribbon is one path of events after entering "
        + fromStage + "; its width is the number of judged journeys that followed it. Green:"
        + " they reached " + toStage + "; grey: they did not.", WIDTH - 8, 10, false);
    long leftJourneys = left.stream().mapToLong(Path::journeys).sum();
    String rest = left.isEmpty() ? "All " + Svg.count(paths.size()) + " paths drawn."
        : Svg.count(left.size()) + " rarer paths (" + Svg.count(leftJourneys)
            + " journeys) not drawn.";
    svg.fitted(4, legend + 14, "start", small, rest + " Hover a ribbon or node for its counts"
        + " and 95% interval.", WIDTH - 8, 10, false);
    return svg.end();
  }

  private static void add(List<Map<String, Node>> byColumn, int column, String name,
      long journeys, long reached) {
    Node node = byColumn.get(column).computeIfAbsent(name, k -> new Node(k, column));
    node.journeys += journeys;
    node.reached += reached;
  }

  /** One path's ribbons through its nodes, then split into its two outcomes. */
  private static void ribbons(Svg svg, Path p, List<Map<String, Node>> byColumn, int columns,
      double scale, double spacing, String yes, String no, String start) {
    List<Node> route = new ArrayList<>();
    route.add(byColumn.get(0).get(start));
    for (int i = 0; i < p.steps().size(); i++) {
      route.add(byColumn.get(i + 1).get(p.steps().get(i)));
    }
    double w = p.journeys() * scale;
    Map<Node, Double> slot = new HashMap<>();
    for (Node node : route) {
      slot.put(node, node.fill);
      node.fill += w;
    }
    String tip = p.text() + ": " + Svg.count(p.journeys()) + " journeys, "
        + Svg.count(p.reached()) + " reached the next stage (" + rate(p) + ")";
    for (int i = 0; i + 1 < route.size(); i++) {
      Node a = route.get(i);
      Node b = route.get(i + 1);
      ribbon(svg, LEFT + a.column * spacing + NODE_W, slot.get(a) + w / 2,
          LEFT + b.column * spacing, slot.get(b) + w / 2, w, "#4e79a7", tip);
    }
    Node last = route.get(route.size() - 1);
    double from = LEFT + last.column * spacing + NODE_W;
    double to = LEFT + (columns - 1) * spacing;
    double top = slot.get(last);
    double wy = p.reached() * scale;
    double wn = (p.journeys() - p.reached()) * scale;
    if (p.reached() > 0) {
      Node y = byColumn.get(columns - 1).get(yes);
      ribbon(svg, from, top + wy / 2, to, y.fill + wy / 2, wy, "#59a14f", tip);
      y.fill += wy;
    }
    if (p.journeys() > p.reached()) {
      Node n = byColumn.get(columns - 1).get(no);
      ribbon(svg, from, top + wy + wn / 2, to, n.fill + wn / 2, wn, "#bab0ac", tip);
      n.fill += wn;
    }
  }

  private static void ribbon(Svg svg, double x1, double y1, double x2, double y2, double width,
      String color, String tip) {
    double mid = (x1 + x2) / 2;
    svg.path(new PathData().moveTo(x1, y1).curveTo(mid, y1, mid, y2, x2, y2), "none", color,
        width, "stroke-opacity=\"0.45\" class=\"ribbon\"", tip);
  }

  /** A node and its label; {@code total} is all journeys for an outcome node, else -1. */
  private static void node(Svg svg, Node node, double x, double room, long total) {
    boolean outcome = total >= 0;
    Proportion p = outcome ? Proportion.wilson(node.journeys, total)
        : Proportion.wilson(node.reached, node.journeys);
    String share = outcome ? " of " + Svg.count(total) + " (" + Svg.percent(p.rate()) + ")"
        : " \u00b7 " + Svg.percent(p.rate()) + " reached";
    String tip = outcome ? node.name + ": " + Svg.count(node.journeys) + " of "
        + Svg.count(total) + " journeys (" + Svg.percent(p.rate()) + ", 95% interval "
        + Svg.interval(p.low(), p.high()) + ")"
        : node.name + ": " + Svg.count(node.journeys) + " journeys, " + Svg.count(node.reached)
        + " reached the next stage (" + Svg.percent(p.rate()) + ", 95% interval "
        + Svg.interval(p.low(), p.high()) + ")";
    svg.rect(x, node.y, NODE_W, node.height, "#333333", "class=\"node\"", tip);
    double mid = node.y + node.height / 2;
    double space = node.height + NODE_GAP;
    String halo = "paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\"";
    double lx = x + NODE_W + 4;
    if (space >= 30) {
      svg.fitted(lx, mid - 2, "start", halo + " font-weight=\"bold\"", node.name, room,
          Svg.FONT_SIZE, true);
      svg.fitted(lx, mid + 12, "start", halo, Svg.count(node.journeys) + share, room,
          Svg.FONT_SIZE, false);
      if (outcome && space >= 44) {
        svg.fitted(lx, mid + 26, "start", halo, "95% interval " + Svg.interval(p.low(),
            p.high()), room, Svg.FONT_SIZE, false);
      }
    } else if (space >= 14) {
      svg.fitted(lx, mid + 4, "start", halo, node.name + " " + Svg.count(node.journeys), room,
          Svg.FONT_SIZE, false);
    }
  }

  private static String rate(Path p) {
    if (p.journeys() == 0) {
      return "no journeys";
    }
    return Svg.percent(p.reached() / (double) p.journeys()) + ", 95% interval "
        + Svg.interval(p.low(), p.high()) + (p.smallSample() ? ", small sample" : "");
  }
}

package io.journeymap.zeppelin;

import io.journeymap.chart.RateChart;
import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.zeppelin.display.GUI;
import org.apache.zeppelin.display.ui.OptionInput.ParamOption;

/**
 * A funnel over stages the analyst picks ({@code %journey(chart=stages)}, with a checkbox of
 * the model's stages): of the judged journeys that reached the first picked stage, how many
 * went on to reach each later picked stage in order (entered no earlier than the one before).
 * Only judged journeys count, as in {@code stage_conversion}: a journey still inside its window
 * has not had its chance to advance yet, and counting it would look like a drop-off.
 *
 * <p>The paragraph's SQL, when there is any, chooses the journeys: a query whose first column is
 * {@code journey_id} (e.g. the journeys of one channel).
 */
final class StageFunnel {
  /** Columns of the table shown under the chart, in order. */
  static final List<String> COLUMNS = List.of("step", "stage", "reached", "rate_from_previous",
      "previous_ci_low", "previous_ci_high", "rate_from_first", "first_ci_low", "first_ci_high",
      "sample_note");

  /** One picked stage: journeys that reached it in order, and the rates with Wilson intervals. */
  record Step(int step, String stage, long reached, Proportion fromPrevious,
      Proportion fromFirst) {
    Object[] row() {
      return new Object[] {step, stage, reached, rate(fromPrevious), low(fromPrevious),
          high(fromPrevious), rate(fromFirst), low(fromFirst), high(fromFirst),
          fromPrevious != null && fromPrevious.smallSample() ? "small sample" : null};
    }

    private static Double rate(Proportion p) {
      return p == null ? null : p.rate();
    }

    private static Double low(Proportion p) {
      return p == null ? null : p.low();
    }

    private static Double high(Proportion p) {
      return p == null ? null : p.high();
    }
  }

  private StageFunnel() {}

  /**
   * The paragraph: the checkbox of stages (all picked at first; Zeppelin keeps the analyst's
   * choice and runs the paragraph again when it changes), then the chart and its table.
   */
  static void show(Connection c, GUI gui, String journeys, ParagraphOutput out,
      int maxCellChars) throws SQLException {
    List<String> stages = stages(c);
    ParamOption[] options = stages.stream().map(s -> new ParamOption(s, s))
        .toArray(ParamOption[]::new);
    List<Object> checked = gui.checkbox("stages", options, new ArrayList<>(stages));
    List<String> picked = stages.stream().filter(checked::contains).toList();
    List<Step> steps = compute(c, picked, journeys);
    out.html(svg(steps, !journeys.isBlank()));
    out.table(table(steps, maxCellChars));
  }

  /** The steps as the body of a {@code %table}. */
  static String table(List<Step> steps, int maxCellChars) {
    StringBuilder b = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
    for (Step s : steps) {
      Object[] row = s.row();
      for (int i = 0; i < row.length; i++) {
        b.append(i == 0 ? "" : "\t").append(CellText.of(row[i], maxCellChars));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The model's stages in their order. */
  static List<String> stages(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT stage FROM stages ORDER BY stage_order")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * The funnel of {@code picked} (in the model's order) over judged journeys, those of
   * {@code journeys} only when it is not blank.
   *
   * @throws IllegalArgumentException when fewer than two stages are picked
   */
  static List<Step> compute(Connection c, List<String> picked, String journeys)
      throws SQLException {
    if (picked.size() < 2) {
      throw new IllegalArgumentException("pick at least two stages for the stage funnel; picked: "
          + (picked.isEmpty() ? "none" : String.join(", ", picked)));
    }
    StringBuilder sql = new StringBuilder("WITH j AS (SELECT journey_id FROM journeys WHERE"
        + " judged");
    if (!journeys.isBlank()) {
      sql.append(" AND journey_id IN (SELECT * FROM (").append(journeys.strip()
          .replaceAll(";\\s*$", "")).append(") AS chosen)");
    }
    sql.append("), e AS (SELECT j.journey_id");
    for (int i = 0; i < picked.size(); i++) {
      sql.append(", max(CASE WHEN s.stage = ? THEN s.entered_at END) AS s").append(i);
    }
    sql.append(" FROM j LEFT JOIN stage_entries s ON s.journey_id = j.journey_id GROUP BY"
        + " j.journey_id) SELECT");
    StringBuilder chain = new StringBuilder("s0 IS NOT NULL");
    for (int i = 0; i < picked.size(); i++) {
      if (i > 0) {
        chain.append(" AND s").append(i).append(" >= s").append(i - 1);
        sql.append(',');
      }
      sql.append(" count(*) FILTER (WHERE ").append(chain).append(")");
    }
    sql.append(" FROM e");
    long[] reached = new long[picked.size()];
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < picked.size(); i++) {
        ps.setString(i + 1, picked.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        for (int i = 0; i < reached.length; i++) {
          reached[i] = rs.getLong(i + 1);
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < reached.length; i++) {
      steps.add(new Step(i + 1, picked.get(i), reached[i],
          i == 0 || reached[i - 1] == 0 ? null : Proportion.wilson(reached[i], reached[i - 1]),
          reached[0] == 0 ? null : Proportion.wilson(reached[i], reached[0])));
    }
    return steps;
  }

  /** The funnel as rate bars of the share of step 1, with intervals and counts. */
  static String svg(List<Step> steps, boolean chosenJourneys) {
    List<RateChart.Bar> bars = new ArrayList<>();
    for (Step s : steps) {
      String detail = String.format(Locale.ROOT, "%,d reached", s.reached());
      if (s.fromFirst() != null) {
        detail += " \u00b7 " + percent(s.fromFirst()) + " of step 1";
      }
      if (s.fromPrevious() != null) {
        detail += " \u00b7 " + percent(s.fromPrevious()) + " from previous";
      }
      bars.add(new RateChart.Bar(s.step() + ". " + s.stage(),
          s.fromFirst() == null ? null : s.fromFirst().rate(),
          s.fromFirst() == null ? null : s.fromFirst().low(),
          s.fromFirst() == null ? null : s.fromFirst().high(), detail,
          s.fromPrevious() != null && s.fromPrevious().smallSample()));
    }
    return RateChart.svg("Stage funnel: judged journeys" + (chosenJourneys
        ? " of the paragraph's query" : "") + " that reached each picked stage in order,"
        + " as a share of step 1", bars);
  }

  private static String percent(Proportion p) {
    return String.format(Locale.ROOT, "%.1f%% (%.1f\u2013%.1f%%)", p.rate() * 100,
        p.low() * 100, p.high() * 100);
  }
}

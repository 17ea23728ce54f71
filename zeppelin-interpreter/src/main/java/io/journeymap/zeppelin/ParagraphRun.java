package io.journeymap.zeppelin;

import io.journeymap.cli.SqlScript;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.zeppelin.interpreter.InterpreterResult;

/**
 * One paragraph's statements, run in order, each result written as it comes: a table (with a
 * journey chart above it for journey shapes), the plan of an EXPLAIN as text, or the first
 * error, which stops the run. Cancel and progress are asked from other threads.
 */
final class ParagraphRun {
  private static final Pattern EXPLAIN = Pattern.compile("(?is)^explain\\b.*");

  private final Connection connection;
  private final Settings settings;
  private final ParagraphOutput out;
  private final JourneyChart.Request chart;

  private volatile Statement current;
  private volatile boolean cancelled;
  private volatile int done;
  private volatile int total = 1;

  ParagraphRun(Connection connection, Settings settings, ParagraphOutput out,
      JourneyChart.Request chart) {
    this.connection = connection;
    this.settings = settings;
    this.out = out;
    this.chart = chart;
  }

  InterpreterResult run(String text) {
    List<SqlScript.Statement> statements = SqlScript.split(text);
    total = Math.max(1, statements.size());
    for (SqlScript.Statement st : statements) {
      if (cancelled) {
        return cancelledAt(st, statements.size());
      }
      try (Statement s = connection.createStatement()) {
        s.setMaxRows(settings.maxRows() + 1);
        s.setQueryTimeout(settings.queryTimeoutSeconds());
        current = s;
        if (cancelled) {
          return cancelledAt(st, statements.size());
        }
        try (ResultSet rs = s.executeQuery(st.sql())) {
          if (EXPLAIN.matcher(st.sql()).matches()) {
            out.text(plan(rs));
          } else {
            show(TableText.read(rs, settings.maxRows(), settings.maxResultBytes(),
                settings.maxCellChars()), st.sql());
          }
        }
      } catch (SQLException e) {
        if (cancelled) {
          return cancelledAt(st, statements.size());
        }
        return new InterpreterResult(InterpreterResult.Code.ERROR,
            ErrorText.of(st, statements.size(), e));
      } finally {
        current = null;
      }
      done++;
    }
    return new InterpreterResult(InterpreterResult.Code.SUCCESS);
  }

  private void show(TableText table, String sql) {
    try {
      boolean series = SeriesChart.shape(table.columns());
      if (chart == JourneyChart.Request.TIMELINE && !series) {
        throw new IllegalArgumentException("chart=timeline needs the columns of anomalies or"
            + " changes_30d (metric, segment, and from_day or last_30); this result has "
            + table.columns());
      }
      if (series && (chart == JourneyChart.Request.AUTO
          || chart == JourneyChart.Request.TIMELINE)) {
        SeriesChart.draw(connection, table.columns(), table.rows(), out).forEach(out::html);
      } else {
        JourneyChart.draw(chart, table.columns(), table.rows(), sql).ifPresent(out::html);
      }
    } catch (IllegalArgumentException e) {
      out.text(e.getMessage());
    } catch (SQLException e) {
      out.text("No timeline: " + e.getMessage());
    }
    out.table(table.body());
    if (table.cut() != null) {
      out.text(table.cut());
    }
  }

  /** The engine's plan as it prints it: the last column of every row, lines kept. */
  private static String plan(ResultSet rs) throws SQLException {
    StringBuilder b = new StringBuilder();
    int last = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      String part = rs.getString(last);
      if (part != null) {
        b.append(part.stripTrailing()).append('\n');
      }
    }
    return b.toString();
  }

  private InterpreterResult cancelledAt(SqlScript.Statement st, int statements) {
    String where = statements > 1 ? "statement " + st.number() + " of " + statements
        + " and those after it did not finish" : "the statement did not finish";
    return new InterpreterResult(InterpreterResult.Code.ERROR, "Cancelled: " + where + ".");
  }

  /** Stops the running statement and those after it; harmless when nothing runs. */
  void cancel() {
    cancelled = true;
    Statement s = current;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException e) {
        // the statement ended meanwhile: nothing left to stop
      }
    }
  }

  /** Statements finished, as a share of the paragraph's, 0 to 100. */
  int progress() {
    return Math.min(100, done * 100 / total);
  }
}

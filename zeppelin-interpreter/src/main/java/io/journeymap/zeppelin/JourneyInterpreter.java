package io.journeymap.zeppelin;

import io.journeymap.report.ReportCharts;
import io.journeymap.report.ReportData;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zeppelin.interpreter.AbstractInterpreter;
import org.apache.zeppelin.interpreter.InterpreterContext;
import org.apache.zeppelin.interpreter.InterpreterException;
import org.apache.zeppelin.interpreter.InterpreterResult;
import org.apache.zeppelin.interpreter.ZeppelinContext;
import org.apache.zeppelin.interpreter.thrift.InterpreterCompletion;

/**
 * {@code %journey}: SQL over a journey store in Zeppelin. This class only connects Zeppelin's
 * calls to the parts that do the work: {@link StoreSession} (connection and precode),
 * {@link ParagraphRun} (statements, results, cancel, progress) and {@link Completer}.
 */
public class JourneyInterpreter extends AbstractInterpreter {
  private final Map<String, ParagraphRun> running = new ConcurrentHashMap<>();
  private final Map<String, BuildProgress> building = new ConcurrentHashMap<>();
  private Settings settings;
  private StoreSession session;
  private Completer completer;

  public JourneyInterpreter(Properties properties) {
    super(properties);
  }

  @Override
  public void open() throws InterpreterException {
    try {
      settings = Settings.from(getProperties());
    } catch (IllegalArgumentException e) {
      throw new InterpreterException("%journey: " + e.getMessage());
    }
    session = new StoreSession(settings);
    completer = new Completer(new CatalogueCache(session::connection, settings.completionTtl(),
        System::nanoTime));
  }

  @Override
  public void close() throws InterpreterException {
    running.values().forEach(ParagraphRun::cancel);
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        throw new InterpreterException("%journey: cannot close the store connection: "
            + e.getMessage());
      }
    }
  }

  @Override
  protected InterpreterResult internalInterpret(String text, InterpreterContext context) {
    JourneyChart.Request chart;
    StoreBuild build;
    try {
      chart = JourneyChart.Request.parse(context.getLocalProperties().get("chart"));
      build = StoreBuild.parse(context.getLocalProperties().get("build"));
    } catch (IllegalArgumentException e) {
      return new InterpreterResult(InterpreterResult.Code.ERROR, "ERROR: " + e.getMessage());
    }
    String paragraph = context.getParagraphId();
    ParagraphOutput out = new ParagraphOutput(context.out);
    BuildProgress progress = new BuildProgress(out::line, session::sources, System::nanoTime);
    building.put(paragraph, progress);
    Connection connection;
    try {
      if (build != StoreBuild.NONE) {
        out.line("Building the journey store" + (build == StoreBuild.FULL
            ? ", reading every source again" : ", reading only source files that changed"));
        out.line(build.summary(session.rebuild(progress, build == StoreBuild.FULL)));
      }
      connection = session.connection(progress);
    } catch (SQLException | RuntimeException e) {
      return new InterpreterResult(InterpreterResult.Code.ERROR, "ERROR: "
          + (build != StoreBuild.NONE ? "the build failed: " : "cannot open the journey store "
          + settings.url() + ": ") + e.getMessage());
    } finally {
      progress.finish();
      building.remove(paragraph, progress);
    }
    if (chart == JourneyChart.Request.MAP) {
      // the map first; the paragraph's SQL, if any, runs after it as usual
      try {
        out.html(ReportCharts.journeyMap(ReportData.map(connection)));
      } catch (SQLException | RuntimeException e) {
        return new InterpreterResult(InterpreterResult.Code.ERROR, "ERROR: cannot draw the"
            + " journey map: " + e.getMessage());
      }
      chart = JourneyChart.Request.AUTO;
    }
    if (chart == JourneyChart.Request.STAGES) {
      try {
        StageFunnel.show(connection, context.getGui(), text, out, settings.maxCellChars());
        return new InterpreterResult(InterpreterResult.Code.SUCCESS);
      } catch (IllegalArgumentException | SQLException e) {
        return new InterpreterResult(InterpreterResult.Code.ERROR, "ERROR: " + e.getMessage());
      }
    }
    if (text.isBlank()) {
      return new InterpreterResult(InterpreterResult.Code.SUCCESS);
    }
    ParagraphRun run = new ParagraphRun(connection, settings, out, chart);
    running.put(paragraph, run);
    try {
      return run.run(text);
    } finally {
      running.remove(paragraph, run);
    }
  }

  /** Precode is {@code journey.precode}, run once per connection by {@link StoreSession}. */
  @Override
  public InterpreterResult executePrecode(InterpreterContext context) {
    return null;
  }

  @Override
  public void cancel(InterpreterContext context) {
    ParagraphRun run = running.get(context.getParagraphId());
    if (run != null) {
      run.cancel();
    }
  }

  @Override
  public FormType getFormType() {
    return FormType.SIMPLE;
  }

  @Override
  public int getProgress(InterpreterContext context) {
    ParagraphRun run = running.get(context.getParagraphId());
    if (run != null) {
      return run.progress();
    }
    BuildProgress build = building.get(context.getParagraphId());
    return build == null ? 0 : build.percent();
  }

  @Override
  public List<InterpreterCompletion> completion(String buffer, int cursor,
      InterpreterContext context) {
    return completer.complete(buffer, cursor);
  }

  StoreSession session() {
    return session;
  }

  @Override
  public ZeppelinContext getZeppelinContext() {
    return null;
  }
}

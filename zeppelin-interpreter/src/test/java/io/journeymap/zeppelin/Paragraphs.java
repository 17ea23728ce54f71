package io.journeymap.zeppelin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zeppelin.interpreter.Interpreter;
import org.apache.zeppelin.interpreter.InterpreterContext;
import org.apache.zeppelin.interpreter.InterpreterException;
import org.apache.zeppelin.interpreter.InterpreterOutput;
import org.apache.zeppelin.interpreter.InterpreterResult;
import org.apache.zeppelin.interpreter.InterpreterResultMessage;
import org.apache.zeppelin.user.AuthenticationInfo;

/** Runs paragraphs in process as Zeppelin's interpreter process does, collecting every message. */
final class Paragraphs {
  private static final AtomicInteger IDS = new AtomicInteger();

  private Paragraphs() {}

  /** What a paragraph showed: its code and its messages in order (streamed, then returned). */
  record Shown(InterpreterResult.Code code, List<InterpreterResultMessage> messages) {
    List<InterpreterResultMessage> of(InterpreterResult.Type type) {
      return messages.stream().filter(m -> m.getType() == type).toList();
    }

    String text() {
      StringBuilder b = new StringBuilder();
      for (InterpreterResultMessage m : messages) {
        b.append(m.getData()).append('\n');
      }
      return b.toString();
    }

    /** The rows of the n-th table (from 0), header first, cells split at tabs. */
    List<String[]> table(int n) {
      String data = of(InterpreterResult.Type.TABLE).get(n).getData();
      List<String[]> out = new ArrayList<>();
      for (String line : data.split("\n")) {
        if (!line.isEmpty()) {
          out.add(line.split("\t", -1));
        }
      }
      return out;
    }
  }

  static InterpreterContext context(String paragraphId, Map<String, String> local) {
    return InterpreterContext.builder()
        .setNoteId("note")
        .setParagraphId(paragraphId)
        .setAuthenticationInfo(new AuthenticationInfo("analyst"))
        .setLocalProperties(local)
        .setInterpreterOut(new InterpreterOutput())
        .build();
  }

  static Shown run(Interpreter i, String text) {
    return run(i, text, Map.of());
  }

  static Shown run(Interpreter i, String text, Map<String, String> local) {
    return run(i, text, context("p" + IDS.incrementAndGet(), local));
  }

  static Shown run(Interpreter i, String text, InterpreterContext ctx) {
    try {
      InterpreterResult r = i.interpret(text, ctx);
      ctx.out.flush();
      List<InterpreterResultMessage> all = new ArrayList<>(ctx.out.toInterpreterResultMessage());
      all.addAll(r.message());
      return new Shown(r.code(), all);
    } catch (InterpreterException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

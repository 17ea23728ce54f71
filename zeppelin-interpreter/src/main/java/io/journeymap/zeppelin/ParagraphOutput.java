package io.journeymap.zeppelin;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.zeppelin.interpreter.InterpreterOutput;

/**
 * Results written to a paragraph as they come, each its own message: Zeppelin starts a new
 * message at a {@code %table}, {@code %text} or {@code %html} directive that begins a line, so
 * every piece starts on a fresh line, and lines of text that begin with {@code %} are indented
 * by one space so data can never switch the display type.
 */
final class ParagraphOutput {
  private final InterpreterOutput out;
  private boolean any;
  private boolean inText;

  ParagraphOutput(InterpreterOutput out) {
    this.out = out;
  }

  /** A table: the header line and rows, tab-separated, already escaped (see CellText). */
  void table(String body) {
    write("%table " + body);
  }

  void text(String text) {
    write("%text " + guard(text));
  }

  void html(String html) {
    write("%html " + html.replace("\n", " "));
  }

  /** One line of running text (build progress): lines in a row share one text message. */
  void line(String line) {
    if (inText) {
      emit(guard(line) + "\n");
    } else {
      text(line);
    }
    inText = true;
  }

  private void write(String piece) {
    emit((any ? "\n" : "") + piece + (piece.endsWith("\n") ? "" : "\n"));
    any = true;
    inText = false;
  }

  private void emit(String text) {
    try {
      out.write(text);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String guard(String text) {
    return text.replaceAll("(?m)^%", " %");
  }
}

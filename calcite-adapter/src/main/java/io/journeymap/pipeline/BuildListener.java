package io.journeymap.pipeline;

/** Receives progress of a build; the command line prints it, tests may ignore it. */
public interface BuildListener {
  /**
   * Called once before the first phase: the whole build's expected time going by the last
   * build (unscaled), or NaN when there is none, so a listener can show a share done.
   */
  default void plan(double expectedSeconds) {}

  /** A phase starts ("ingest crm", "identity", ...). */
  void phase(String name);

  /**
   * A phase starts, with the time it is expected to take (the last build's time, scaled to this
   * build's rows where the cost follows them), or NaN when there is no earlier build to go by.
   */
  default void phase(String name, double expectedSeconds) {
    phase(name);
  }

  /** Progress inside a phase: {@code done} of {@code total} units ({@code total} may be -1). */
  default void progress(String unit, long done, long total) {}

  /** Something the user should know about the data, such as sources ending on different days. */
  default void warning(String message) {}

  /** A phase finished, with its one-line result. */
  void done(String name, String result, double seconds);

  BuildListener SILENT = new BuildListener() {
    @Override
    public void phase(String name) {}

    @Override
    public void done(String name, String result, double seconds) {}
  };
}

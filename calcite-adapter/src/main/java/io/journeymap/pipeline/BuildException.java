package io.journeymap.pipeline;

/** A build that could not complete for a reason other than a model mistake. */
public final class BuildException extends RuntimeException {
  public BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.journeymap.model;

/**
 * When in a journey the learned analyses look at it: clusters describe what journeys did in
 * their first {@code clusterDays} days, scores predict conversion from what a journey did before
 * day {@code scoreDays}. Both count only events before the journey's outcome.
 *
 * @param clusterDays days after the start whose behaviour clusters compare (1 to the window)
 * @param scoreDays the scoring moment: days after the start (1 to the window, exclusive)
 */
public record Insights(int clusterDays, int scoreDays) {
  /** Days after the start both analyses look at unless the model says otherwise. */
  public static final int DEFAULT_DAYS = 3;

  public Insights {
    if (clusterDays < 1 || scoreDays < 1) {
      throw new IllegalArgumentException("insight days must be >= 1");
    }
  }

  /** The defaults for a journey window of {@code windowDays} whole days. */
  public static Insights defaults(long windowDays) {
    int clusters = (int) Math.max(1, Math.min(DEFAULT_DAYS, windowDays));
    int scores = (int) Math.max(1, Math.min(DEFAULT_DAYS, windowDays - 1));
    return new Insights(clusters, scores);
  }
}

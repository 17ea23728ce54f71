package io.journeymap.funnel;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Options of a window funnel, named as in ClickHouse's {@code windowFunnel}. */
public enum FunnelMode {
  /** Any event that matches no step, once the funnel has started, ends it. */
  STRICT_ORDER,
  /** A step repeated before the next one is reached ends the funnel. */
  STRICT_DEDUPLICATION,
  /** Steps must have strictly increasing timestamps. */
  STRICT_INCREASE;

  /**
   * Parses a comma-separated list; "default" (or empty) means none.
   *
   * @throws IllegalArgumentException naming the allowed modes
   */
  public static Set<FunnelMode> parse(String text) {
    EnumSet<FunnelMode> modes = EnumSet.noneOf(FunnelMode.class);
    if (text == null) {
      return modes;
    }
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      switch (p) {
        case "", "default" -> { }
        case "strict_order" -> modes.add(STRICT_ORDER);
        case "strict_deduplication", "strict" -> modes.add(STRICT_DEDUPLICATION);
        case "strict_increase" -> modes.add(STRICT_INCREASE);
        default -> throw new IllegalArgumentException("unknown funnel mode '" + part.trim()
            + "'; allowed: default, strict_order, strict_deduplication, strict_increase");
      }
    }
    return modes;
  }
}

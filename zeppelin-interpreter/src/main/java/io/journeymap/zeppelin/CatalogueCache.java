package io.journeymap.zeppelin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The catalogue as completion last read it, read again once it is older than the TTL (a
 * rebuilt store may bring new events or stages). Completion runs on every keystroke pause, so
 * it must not ask the store each time.
 */
final class CatalogueCache {
  /** Where a connection comes from (the session, which may connect on first use). */
  @FunctionalInterface
  interface ConnectionSource {
    Connection get() throws SQLException;
  }

  private final ConnectionSource source;
  private final long ttlNanos;
  private final LongSupplier clock;
  private Catalogue cached;
  private long readAt;
  private int reads;

  CatalogueCache(ConnectionSource source, Duration ttl, LongSupplier clock) {
    this.source = source;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  synchronized Catalogue get() throws SQLException {
    long now = clock.getAsLong();
    if (cached == null || now - readAt >= ttlNanos) {
      cached = Catalogue.read(source.get());
      readAt = now;
      reads++;
    }
    return cached;
  }

  /** How many times the store was read, for tests of the TTL. */
  synchronized int reads() {
    return reads;
  }
}

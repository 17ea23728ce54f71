package org.apache.calcite.jdbc;

import io.journeymap.jdbc.StoreMetadata;
import io.journeymap.sql.ReadOnlySql;
import java.util.List;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * Calcite's Meta with what BI tools and connection pools expect of a read-only source:
 * auto-commit on, commit and rollback harmless, table types and descriptions from the store
 * catalogue, and a clear refusal of statements that would write. In this package because
 * {@link CalciteConnectionImpl} is package-private.
 */
public final class JourneymapMeta extends CalciteMetaImpl {
  private JourneymapMeta(CalciteConnectionImpl connection) {
    super(connection, StoreMetadata.TABLES, StoreMetadata.COLUMNS);
    connProps.setAutoCommit(true).setReadOnly(true);
    connProps.setDirty(false);
  }

  public static Meta create(AvaticaConnection connection) {
    return new JourneymapMeta((CalciteConnectionImpl) connection);
  }

  @Override
  public void commit(ConnectionHandle ch) {
    // nothing to commit: the store is read-only
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    // nothing to roll back: the store is read-only
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    refuseWrites(sql);
    return super.prepare(ch, sql, maxRowCount);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    refuseWrites(sql);
    return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    sqlCommands.forEach(JourneymapMeta::refuseWrites);
    return super.prepareAndExecuteBatch(h, sqlCommands);
  }

  private static void refuseWrites(String sql) {
    String refusal = ReadOnlySql.refusal(sql);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }
}

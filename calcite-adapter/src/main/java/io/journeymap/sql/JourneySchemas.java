package io.journeymap.sql;

import io.journeymap.store.JourneyStore;
import org.apache.calcite.adapter.jdbc.CatalogueJdbcSchema;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import javax.sql.DataSource;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.SchemaPlus;

/** Puts a journey store into a Calcite root schema as schema {@code journey}. */
public final class JourneySchemas {
  public static final String SCHEMA = "journey";

  private JourneySchemas() {}

  /** Adds the store tables (pushed down to the store) and the journey table functions. */
  public static SchemaPlus register(SchemaPlus root, JourneyStore store) {
    Expression expression = Schemas.subSchemaExpression(root, SCHEMA, CatalogueJdbcSchema.class);
    JdbcConvention convention = JdbcConvention.of(StoreDialect.INSTANCE, expression, SCHEMA);
    SchemaPlus schema = root.add(SCHEMA, new CatalogueJdbcSchema(store.dataSource(),
        StoreDialect.INSTANCE, convention, "main"));
    schema.add("funnel", TableFunctionImpl.create(JourneyFunctions.class, "funnel"));
    return schema;
  }

  /** The store behind the {@code journey} schema of a query's root schema. */
  static DataSource store(SchemaPlus root) {
    SchemaPlus schema = root.subSchemas().get(SCHEMA);
    if (schema == null) {
      throw new IllegalStateException("no journey schema on this connection");
    }
    return schema.unwrap(JdbcSchema.class).getDataSource();
  }
}

package io.journeymap.pipeline;

import io.journeymap.model.IdentifierKind;
import io.journeymap.model.IdentityPolicy;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's identifiers as identity resolution reads them: its mapped rows grouped into record
 * groups, and each group's normalised identifier values with their kind, strength and level.
 */
final class SourceIdentifiers {
  private final JourneyModel model;
  private final Source source;
  private final String mapped;

  /** @param mapped the relation of the source's mapped rows, rejected ones with a reason */
  SourceIdentifiers(JourneyModel model, Source source, String mapped) {
    this.model = model;
    this.source = source;
    this.mapped = mapped;
  }

  /**
   * Lists the identifier columns' values in {@code build.ids}: one row per distinct identifier
   * of a record group (records of the source naming the same identifiers; two columns with the
   * same address are one identifier of a record, so sums of group sizes need no DISTINCT
   * later). Each group is in {@code build.records}, each event a group's first does not stand
   * for in {@code build.event_records}. Email kinds mark role addresses (info@, sales@:
   * a team, never one person) and, with {@code account_domain}, add the domain as an account
   * identifier unless it is a free-mail domain.
   */
  void list(Statement s) throws SQLException {
    List<String> kinds = new ArrayList<>(source.allIdentifiers().values());
    if (kinds.isEmpty()) {
      return;
    }
    IdentityPolicy identity = model.identity();
    List<IdValue> values = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      IdentifierKind kind = identity.kinds().get(kinds.get(i));
      String column = "id_" + i;
      String role = "false";
      if (kind.email() && !identity.roleLocalParts().isEmpty()) {
        // the local part without a +tag: info+crm@x.com is still info@
        role = "coalesce(split_part(split_part(" + column + ", '@', 1), '+', 1) IN ("
            + Sql.literals(identity.roleLocalParts()) + ") AND " + column + " LIKE '%@%', false)";
      }
      values.add(new IdValue(kind.name(), column, kind.strong(),
          kind.isAccount() ? "account" : "person", role));
      if (kind.accountDomain()) {
        String domain = "lower(split_part(" + column + ", '@', 2))";
        String free = identity.freeMailDomains().isEmpty() ? ""
            : " AND " + domain + " NOT IN (" + Sql.literals(identity.freeMailDomains()) + ")";
        values.add(new IdValue(kind.domainKind(), "CASE WHEN " + column + " LIKE '%_@_%'" + free
            + " THEN " + domain + " END", true, "account", "false"));
      }
    }
    // each value and role flag computed once per record, then one scan per value keeping only
    // values no earlier one of the same kind gave the record: a list of structs per row, made
    // distinct and unnested, was a fifth of ingest's time (and repeating the expressions in
    // every comparison multiplies their lookup lists, which ran out of a small memory bound)
    List<String> columns = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> sameKeys = new ArrayList<>();
    List<String> selects = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      IdValue v = values.get(i);
      columns.add(v.value() + " AS v" + i + ", " + v.role() + " AS r" + i);
      keys.add("v" + i + ", r" + i);
      sameKeys.add("i.v" + i + " IS NOT DISTINCT FROM g.v" + i);
      StringBuilder where = new StringBuilder("v" + i + " IS NOT NULL");
      for (int e = 0; e < i; e++) {
        if (values.get(e).sameKind(v)) {
          where.append(" AND NOT coalesce(v").append(e).append(" = v").append(i).append(" AND r")
              .append(e).append(" = r").append(i).append(", false)");
        }
      }
      selects.add("SELECT record, " + Sql.literal(v.kind()) + ", v" + i + ", " + v.strong()
          + ", " + Sql.literal(v.level()) + ", r" + i + ", " + Sql.literal(source.name())
          + ", records FROM build.record_groups WHERE " + where);
    }
    s.execute("CREATE TABLE build.record_ids AS SELECT event_id, occurred_at, "
        + String.join(", ", columns) + " FROM " + mapped + " WHERE reason IS NULL");
    // a source's records naming the same identifiers resolve alike, so identity works on one
    // record per such group (its first), weighted by the group's size: a person's hundred
    // product events with one user id are one record there, not a hundred
    s.execute("CREATE TABLE build.record_groups AS SELECT min(event_id) AS record,"
        + " count(*) AS records, min(occurred_at) AS first_at, " + String.join(", ", keys)
        + " FROM build.record_ids GROUP BY ALL");
    s.execute("INSERT INTO build.records SELECT record, records, first_at, "
        + !source.identityOnly() + " FROM build.record_groups");
    if (!source.identityOnly()) {
      // only the events a group's first does not stand for itself
      s.execute("INSERT INTO build.event_records SELECT i.event_id, g.record"
          + " FROM build.record_ids i JOIN build.record_groups g ON "
          + String.join(" AND ", sameKeys) + " WHERE i.event_id <> g.record");
    }
    s.execute("INSERT INTO build.ids " + String.join(" UNION ALL ", selects));
    s.execute("DROP TABLE build.record_ids");
    s.execute("DROP TABLE build.record_groups");
  }

  /** One identifier a record may carry: its kind, value expression and fixed attributes. */
  private record IdValue(String kind, String value, boolean strong, String level, String role) {
    /** Whether a value of {@code other} can be the same identifier as one of this. */
    boolean sameKind(IdValue other) {
      return kind.equals(other.kind) && strong == other.strong && level.equals(other.level);
    }
  }
}

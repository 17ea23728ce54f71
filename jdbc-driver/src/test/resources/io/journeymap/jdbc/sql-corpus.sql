-- Journeymap SQL corpus: queries BI tools and analysts send, each run through the
-- jdbc:journeymap: driver and directly on DuckDB against the same store file
-- (SqlCorpusTest). Results, column names and types and row counts must agree.
--
-- Each entry starts with "-- @id <category>.<name>"; the SQL follows, as a client sends it
-- (trailing ';' included where written). Tags, anywhere in the entry:
--   -- @note <text>          what the query stands for
--   -- @ordered             rows are compared in order (otherwise as a multiset)
--   -- @bind <type> <value> a parameter, in order: string, int, double, date, timestamp
--   -- @difference <reason> a known difference: the results must differ (see docs/sql.md)
--   -- @refused <message>   the driver refuses it with this message (not run directly)
-- Entries of category funnel cannot run on DuckDB: SqlCorpusTest computes their expected
-- rows in Java from the plain funnel() result.

-- @id metabase.minute.count
-- @ordered
SELECT
  date_trunc('minute', "journey"."journeys"."started_at") AS "started_at",
  count(*) AS "count"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('minute', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('minute', "journey"."journeys"."started_at") ASC

-- @id metabase.minute.sum
-- @ordered
SELECT
  date_trunc('minute', "journey"."events"."occurred_at") AS "occurred_at",
  sum("journey"."events"."source_row") AS "sum"
FROM
  "journey"."events"
GROUP BY
  date_trunc('minute', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('minute', "journey"."events"."occurred_at") ASC

-- @id metabase.minute.avg
-- @ordered
SELECT
  date_trunc('minute', "journey"."stage_entries"."entered_at") AS "entered_at",
  avg("journey"."stage_entries"."triggering_event_id") AS "avg"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('minute', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('minute', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.minute.min
-- @ordered
SELECT
  date_trunc('minute', "journey"."persons"."first_seen") AS "first_seen",
  min("journey"."persons"."events") AS "min"
FROM
  "journey"."persons"
WHERE "journey"."persons"."first_seen" IS NOT NULL
GROUP BY
  date_trunc('minute', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('minute', "journey"."persons"."first_seen") ASC

-- @id metabase.minute.max
-- @ordered
SELECT
  date_trunc('minute', "journey"."journeys"."converted_at") AS "converted_at",
  max("journey"."journeys"."events") AS "max"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('minute', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('minute', "journey"."journeys"."converted_at") ASC

-- @id metabase.minute.distinct
-- @ordered
SELECT
  date_trunc('minute', "journey"."journeys"."started_at") AS "started_at",
  count(DISTINCT "journey"."journeys"."person_id") AS "count"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('minute', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('minute', "journey"."journeys"."started_at") ASC

-- @id metabase.minute.stddev
-- @ordered
SELECT
  date_trunc('minute', "journey"."events"."occurred_at") AS "occurred_at",
  stddev_pop("journey"."events"."source_row") AS "stddev"
FROM
  "journey"."events"
GROUP BY
  date_trunc('minute', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('minute', "journey"."events"."occurred_at") ASC

-- @id metabase.minute.median
-- @ordered
SELECT
  date_trunc('minute', "journey"."stage_entries"."entered_at") AS "entered_at",
  median("journey"."stage_entries"."hours_from_start") AS "median"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  date_trunc('minute', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('minute', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.minute.percentile
-- @ordered
SELECT
  date_trunc('minute', "journey"."persons"."first_seen") AS "first_seen",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."persons"."identifiers") AS "percentile"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('minute', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('minute', "journey"."persons"."first_seen") ASC

-- @id metabase.minute-of-hour.count
-- @ordered
SELECT
  minute("journey"."events"."occurred_at") AS "occurred_at",
  count(*) AS "count"
FROM
  "journey"."events"
GROUP BY
  minute("journey"."events"."occurred_at")
ORDER BY
  minute("journey"."events"."occurred_at") ASC

-- @id metabase.minute-of-hour.sum
-- @ordered
SELECT
  minute("journey"."stage_entries"."entered_at") AS "entered_at",
  sum("journey"."stage_entries"."triggering_event_id") AS "sum"
FROM
  "journey"."stage_entries"
GROUP BY
  minute("journey"."stage_entries"."entered_at")
ORDER BY
  minute("journey"."stage_entries"."entered_at") ASC

-- @id metabase.minute-of-hour.avg
-- @ordered
SELECT
  minute("journey"."persons"."first_seen") AS "first_seen",
  avg("journey"."persons"."events") AS "avg"
FROM
  "journey"."persons"
WHERE "journey"."persons"."first_seen" IS NOT NULL
GROUP BY
  minute("journey"."persons"."first_seen")
ORDER BY
  minute("journey"."persons"."first_seen") ASC

-- @id metabase.minute-of-hour.min
-- @ordered
SELECT
  minute("journey"."journeys"."converted_at") AS "converted_at",
  min("journey"."journeys"."events") AS "min"
FROM
  "journey"."journeys"
GROUP BY
  minute("journey"."journeys"."converted_at")
ORDER BY
  minute("journey"."journeys"."converted_at") ASC

-- @id metabase.minute-of-hour.max
-- @ordered
SELECT
  minute("journey"."journeys"."started_at") AS "started_at",
  max("journey"."journeys"."days_to_convert") AS "max"
FROM
  "journey"."journeys"
GROUP BY
  minute("journey"."journeys"."started_at")
ORDER BY
  minute("journey"."journeys"."started_at") ASC

-- @id metabase.minute-of-hour.distinct
-- @ordered
SELECT
  minute("journey"."events"."occurred_at") AS "occurred_at",
  count(DISTINCT "journey"."events"."person_id") AS "count"
FROM
  "journey"."events"
GROUP BY
  minute("journey"."events"."occurred_at")
ORDER BY
  minute("journey"."events"."occurred_at") ASC

-- @id metabase.minute-of-hour.stddev
-- @ordered
SELECT
  minute("journey"."stage_entries"."entered_at") AS "entered_at",
  stddev_pop("journey"."stage_entries"."hours_from_start") AS "stddev"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  minute("journey"."stage_entries"."entered_at")
ORDER BY
  minute("journey"."stage_entries"."entered_at") ASC

-- @id metabase.minute-of-hour.median
-- @ordered
SELECT
  minute("journey"."persons"."first_seen") AS "first_seen",
  median("journey"."persons"."identifiers") AS "median"
FROM
  "journey"."persons"
GROUP BY
  minute("journey"."persons"."first_seen")
ORDER BY
  minute("journey"."persons"."first_seen") ASC

-- @id metabase.minute-of-hour.percentile
-- @ordered
SELECT
  minute("journey"."journeys"."converted_at") AS "converted_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."journeys"."days_to_convert") AS "percentile"
FROM
  "journey"."journeys"
GROUP BY
  minute("journey"."journeys"."converted_at")
ORDER BY
  minute("journey"."journeys"."converted_at") ASC

-- @id metabase.hour.count
-- @ordered
SELECT
  date_trunc('hour', "journey"."stage_entries"."entered_at") AS "entered_at",
  count(*) AS "count"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('hour', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('hour', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.hour.sum
-- @ordered
SELECT
  date_trunc('hour', "journey"."persons"."first_seen") AS "first_seen",
  sum("journey"."persons"."identifiers") AS "sum"
FROM
  "journey"."persons"
WHERE "journey"."persons"."first_seen" IS NOT NULL
GROUP BY
  date_trunc('hour', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('hour', "journey"."persons"."first_seen") ASC

-- @id metabase.hour.avg
-- @ordered
SELECT
  date_trunc('hour', "journey"."journeys"."converted_at") AS "converted_at",
  avg("journey"."journeys"."events") AS "avg"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('hour', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('hour', "journey"."journeys"."converted_at") ASC

-- @id metabase.hour.min
-- @ordered
SELECT
  date_trunc('hour', "journey"."journeys"."started_at") AS "started_at",
  min("journey"."journeys"."days_to_convert") AS "min"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('hour', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('hour', "journey"."journeys"."started_at") ASC

-- @id metabase.hour.max
-- @ordered
SELECT
  date_trunc('hour', "journey"."events"."occurred_at") AS "occurred_at",
  max("journey"."events"."source_row") AS "max"
FROM
  "journey"."events"
GROUP BY
  date_trunc('hour', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('hour', "journey"."events"."occurred_at") ASC

-- @id metabase.hour.distinct
-- @ordered
SELECT
  date_trunc('hour', "journey"."stage_entries"."entered_at") AS "entered_at",
  count(DISTINCT "journey"."stage_entries"."journey_id") AS "count"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  date_trunc('hour', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('hour', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.hour.stddev
-- @ordered
SELECT
  date_trunc('hour', "journey"."persons"."first_seen") AS "first_seen",
  stddev_pop("journey"."persons"."identifiers") AS "stddev"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('hour', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('hour', "journey"."persons"."first_seen") ASC

-- @id metabase.hour.median
-- @ordered
SELECT
  date_trunc('hour', "journey"."journeys"."converted_at") AS "converted_at",
  median("journey"."journeys"."days_to_convert") AS "median"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('hour', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('hour', "journey"."journeys"."converted_at") ASC

-- @id metabase.hour.percentile
-- @ordered
SELECT
  date_trunc('hour', "journey"."journeys"."started_at") AS "started_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."journeys"."events") AS "percentile"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('hour', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('hour', "journey"."journeys"."started_at") ASC

-- @id metabase.hour-of-day.count
-- @ordered
SELECT
  hour("journey"."persons"."first_seen") AS "first_seen",
  count(*) AS "count"
FROM
  "journey"."persons"
WHERE "journey"."persons"."first_seen" IS NOT NULL
GROUP BY
  hour("journey"."persons"."first_seen")
ORDER BY
  hour("journey"."persons"."first_seen") ASC

-- @id metabase.hour-of-day.sum
-- @ordered
SELECT
  hour("journey"."journeys"."converted_at") AS "converted_at",
  sum("journey"."journeys"."events") AS "sum"
FROM
  "journey"."journeys"
GROUP BY
  hour("journey"."journeys"."converted_at")
ORDER BY
  hour("journey"."journeys"."converted_at") ASC

-- @id metabase.hour-of-day.avg
-- @ordered
SELECT
  hour("journey"."journeys"."started_at") AS "started_at",
  avg("journey"."journeys"."days_to_convert") AS "avg"
FROM
  "journey"."journeys"
GROUP BY
  hour("journey"."journeys"."started_at")
ORDER BY
  hour("journey"."journeys"."started_at") ASC

-- @id metabase.hour-of-day.min
-- @ordered
SELECT
  hour("journey"."events"."occurred_at") AS "occurred_at",
  min("journey"."events"."source_row") AS "min"
FROM
  "journey"."events"
GROUP BY
  hour("journey"."events"."occurred_at")
ORDER BY
  hour("journey"."events"."occurred_at") ASC

-- @id metabase.hour-of-day.max
-- @ordered
SELECT
  hour("journey"."stage_entries"."entered_at") AS "entered_at",
  max("journey"."stage_entries"."hours_from_start") AS "max"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  hour("journey"."stage_entries"."entered_at")
ORDER BY
  hour("journey"."stage_entries"."entered_at") ASC

-- @id metabase.hour-of-day.distinct
-- @ordered
SELECT
  hour("journey"."persons"."first_seen") AS "first_seen",
  count(DISTINCT "journey"."persons"."account_id") AS "count"
FROM
  "journey"."persons"
GROUP BY
  hour("journey"."persons"."first_seen")
ORDER BY
  hour("journey"."persons"."first_seen") ASC

-- @id metabase.hour-of-day.stddev
-- @ordered
SELECT
  hour("journey"."journeys"."converted_at") AS "converted_at",
  stddev_pop("journey"."journeys"."days_to_convert") AS "stddev"
FROM
  "journey"."journeys"
GROUP BY
  hour("journey"."journeys"."converted_at")
ORDER BY
  hour("journey"."journeys"."converted_at") ASC

-- @id metabase.hour-of-day.median
-- @ordered
SELECT
  hour("journey"."journeys"."started_at") AS "started_at",
  median("journey"."journeys"."events") AS "median"
FROM
  "journey"."journeys"
GROUP BY
  hour("journey"."journeys"."started_at")
ORDER BY
  hour("journey"."journeys"."started_at") ASC

-- @id metabase.hour-of-day.percentile
-- @ordered
SELECT
  hour("journey"."events"."occurred_at") AS "occurred_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."events"."source_row") AS "percentile"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  hour("journey"."events"."occurred_at")
ORDER BY
  hour("journey"."events"."occurred_at") ASC

-- @id metabase.day.count
-- @ordered
SELECT
  date_trunc('day', "journey"."journeys"."converted_at") AS "converted_at",
  count(*) AS "count"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('day', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('day', "journey"."journeys"."converted_at") ASC

-- @id metabase.day.sum
-- @ordered
SELECT
  date_trunc('day', "journey"."journeys"."started_at") AS "started_at",
  sum("journey"."journeys"."events") AS "sum"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('day', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('day', "journey"."journeys"."started_at") ASC

-- @id metabase.day.avg
-- @ordered
SELECT
  date_trunc('day', "journey"."events"."occurred_at") AS "occurred_at",
  avg("journey"."events"."source_row") AS "avg"
FROM
  "journey"."events"
GROUP BY
  date_trunc('day', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('day', "journey"."events"."occurred_at") ASC

-- @id metabase.day.min
-- @ordered
SELECT
  date_trunc('day', "journey"."stage_entries"."entered_at") AS "entered_at",
  min("journey"."stage_entries"."hours_from_start") AS "min"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  date_trunc('day', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('day', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.day.max
-- @ordered
SELECT
  date_trunc('day', "journey"."persons"."first_seen") AS "first_seen",
  max("journey"."persons"."identifiers") AS "max"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('day', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('day', "journey"."persons"."first_seen") ASC

-- @id metabase.day.distinct
-- @ordered
SELECT
  date_trunc('day', "journey"."journeys"."converted_at") AS "converted_at",
  count(DISTINCT "journey"."journeys"."first_channel") AS "count"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('day', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('day', "journey"."journeys"."converted_at") ASC

-- @id metabase.day.stddev
-- @ordered
SELECT
  date_trunc('day', "journey"."journeys"."started_at") AS "started_at",
  stddev_pop("journey"."journeys"."events") AS "stddev"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('day', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('day', "journey"."journeys"."started_at") ASC

-- @id metabase.day.median
-- @ordered
SELECT
  date_trunc('day', "journey"."events"."occurred_at") AS "occurred_at",
  median("journey"."events"."source_row") AS "median"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  date_trunc('day', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('day', "journey"."events"."occurred_at") ASC

-- @id metabase.day.percentile
-- @ordered
SELECT
  date_trunc('day', "journey"."stage_entries"."entered_at") AS "entered_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."stage_entries"."triggering_event_id") AS "percentile"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('day', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('day', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.day-of-week.count
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."journeys"."started_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."started_at") + 1) % 7 END AS "started_at",
  count(*) AS "count"
FROM
  "journey"."journeys"
GROUP BY
  CASE WHEN (isodow("journey"."journeys"."started_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."started_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."journeys"."started_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."started_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.sum
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."events"."occurred_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."events"."occurred_at") + 1) % 7 END AS "occurred_at",
  sum("journey"."events"."source_row") AS "sum"
FROM
  "journey"."events"
GROUP BY
  CASE WHEN (isodow("journey"."events"."occurred_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."events"."occurred_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."events"."occurred_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."events"."occurred_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.avg
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."stage_entries"."entered_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."stage_entries"."entered_at") + 1) % 7 END AS "entered_at",
  avg("journey"."stage_entries"."hours_from_start") AS "avg"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  CASE WHEN (isodow("journey"."stage_entries"."entered_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."stage_entries"."entered_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."stage_entries"."entered_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."stage_entries"."entered_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.min
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."persons"."first_seen") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."persons"."first_seen") + 1) % 7 END AS "first_seen",
  min("journey"."persons"."identifiers") AS "min"
FROM
  "journey"."persons"
GROUP BY
  CASE WHEN (isodow("journey"."persons"."first_seen") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."persons"."first_seen") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."persons"."first_seen") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."persons"."first_seen") + 1) % 7 END ASC

-- @id metabase.day-of-week.max
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."journeys"."converted_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."converted_at") + 1) % 7 END AS "converted_at",
  max("journey"."journeys"."days_to_convert") AS "max"
FROM
  "journey"."journeys"
GROUP BY
  CASE WHEN (isodow("journey"."journeys"."converted_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."converted_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."journeys"."converted_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."converted_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.distinct
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."journeys"."started_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."started_at") + 1) % 7 END AS "started_at",
  count(DISTINCT "journey"."journeys"."person_id") AS "count"
FROM
  "journey"."journeys"
GROUP BY
  CASE WHEN (isodow("journey"."journeys"."started_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."started_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."journeys"."started_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."journeys"."started_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.stddev
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."events"."occurred_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."events"."occurred_at") + 1) % 7 END AS "occurred_at",
  stddev_pop("journey"."events"."source_row") AS "stddev"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  CASE WHEN (isodow("journey"."events"."occurred_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."events"."occurred_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."events"."occurred_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."events"."occurred_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.median
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."stage_entries"."entered_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."stage_entries"."entered_at") + 1) % 7 END AS "entered_at",
  median("journey"."stage_entries"."triggering_event_id") AS "median"
FROM
  "journey"."stage_entries"
GROUP BY
  CASE WHEN (isodow("journey"."stage_entries"."entered_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."stage_entries"."entered_at") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."stage_entries"."entered_at") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."stage_entries"."entered_at") + 1) % 7 END ASC

-- @id metabase.day-of-week.percentile
-- @ordered
SELECT
  CASE WHEN (isodow("journey"."persons"."first_seen") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."persons"."first_seen") + 1) % 7 END AS "first_seen",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."persons"."events") AS "percentile"
FROM
  "journey"."persons"
GROUP BY
  CASE WHEN (isodow("journey"."persons"."first_seen") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."persons"."first_seen") + 1) % 7 END
ORDER BY
  CASE WHEN (isodow("journey"."persons"."first_seen") + 1) % 7 = 0 THEN 7 ELSE (isodow("journey"."persons"."first_seen") + 1) % 7 END ASC

-- @id metabase.day-of-month.count
-- @ordered
SELECT
  day("journey"."events"."occurred_at") AS "occurred_at",
  count(*) AS "count"
FROM
  "journey"."events"
GROUP BY
  day("journey"."events"."occurred_at")
ORDER BY
  day("journey"."events"."occurred_at") ASC

-- @id metabase.day-of-month.sum
-- @ordered
SELECT
  day("journey"."stage_entries"."entered_at") AS "entered_at",
  sum("journey"."stage_entries"."triggering_event_id") AS "sum"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  day("journey"."stage_entries"."entered_at")
ORDER BY
  day("journey"."stage_entries"."entered_at") ASC

-- @id metabase.day-of-month.avg
-- @ordered
SELECT
  day("journey"."persons"."first_seen") AS "first_seen",
  avg("journey"."persons"."identifiers") AS "avg"
FROM
  "journey"."persons"
GROUP BY
  day("journey"."persons"."first_seen")
ORDER BY
  day("journey"."persons"."first_seen") ASC

-- @id metabase.day-of-month.min
-- @ordered
SELECT
  day("journey"."journeys"."converted_at") AS "converted_at",
  min("journey"."journeys"."days_to_convert") AS "min"
FROM
  "journey"."journeys"
GROUP BY
  day("journey"."journeys"."converted_at")
ORDER BY
  day("journey"."journeys"."converted_at") ASC

-- @id metabase.day-of-month.max
-- @ordered
SELECT
  day("journey"."journeys"."started_at") AS "started_at",
  max("journey"."journeys"."events") AS "max"
FROM
  "journey"."journeys"
GROUP BY
  day("journey"."journeys"."started_at")
ORDER BY
  day("journey"."journeys"."started_at") ASC

-- @id metabase.day-of-month.distinct
-- @ordered
SELECT
  day("journey"."events"."occurred_at") AS "occurred_at",
  count(DISTINCT "journey"."events"."person_id") AS "count"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  day("journey"."events"."occurred_at")
ORDER BY
  day("journey"."events"."occurred_at") ASC

-- @id metabase.day-of-month.stddev
-- @ordered
SELECT
  day("journey"."stage_entries"."entered_at") AS "entered_at",
  stddev_pop("journey"."stage_entries"."triggering_event_id") AS "stddev"
FROM
  "journey"."stage_entries"
GROUP BY
  day("journey"."stage_entries"."entered_at")
ORDER BY
  day("journey"."stage_entries"."entered_at") ASC

-- @id metabase.day-of-month.median
-- @ordered
SELECT
  day("journey"."persons"."first_seen") AS "first_seen",
  median("journey"."persons"."events") AS "median"
FROM
  "journey"."persons"
GROUP BY
  day("journey"."persons"."first_seen")
ORDER BY
  day("journey"."persons"."first_seen") ASC

-- @id metabase.day-of-month.percentile
-- @ordered
SELECT
  day("journey"."journeys"."converted_at") AS "converted_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."journeys"."events") AS "percentile"
FROM
  "journey"."journeys"
GROUP BY
  day("journey"."journeys"."converted_at")
ORDER BY
  day("journey"."journeys"."converted_at") ASC

-- @id metabase.day-of-year.count
-- @ordered
SELECT
  dayofyear("journey"."stage_entries"."entered_at") AS "entered_at",
  count(*) AS "count"
FROM
  "journey"."stage_entries"
WHERE "journey"."stage_entries"."entered_at" IS NOT NULL
GROUP BY
  dayofyear("journey"."stage_entries"."entered_at")
ORDER BY
  dayofyear("journey"."stage_entries"."entered_at") ASC

-- @id metabase.day-of-year.sum
-- @ordered
SELECT
  dayofyear("journey"."persons"."first_seen") AS "first_seen",
  sum("journey"."persons"."identifiers") AS "sum"
FROM
  "journey"."persons"
GROUP BY
  dayofyear("journey"."persons"."first_seen")
ORDER BY
  dayofyear("journey"."persons"."first_seen") ASC

-- @id metabase.day-of-year.avg
-- @ordered
SELECT
  dayofyear("journey"."journeys"."converted_at") AS "converted_at",
  avg("journey"."journeys"."days_to_convert") AS "avg"
FROM
  "journey"."journeys"
GROUP BY
  dayofyear("journey"."journeys"."converted_at")
ORDER BY
  dayofyear("journey"."journeys"."converted_at") ASC

-- @id metabase.day-of-year.min
-- @ordered
SELECT
  dayofyear("journey"."journeys"."started_at") AS "started_at",
  min("journey"."journeys"."events") AS "min"
FROM
  "journey"."journeys"
GROUP BY
  dayofyear("journey"."journeys"."started_at")
ORDER BY
  dayofyear("journey"."journeys"."started_at") ASC

-- @id metabase.day-of-year.max
-- @ordered
SELECT
  dayofyear("journey"."events"."occurred_at") AS "occurred_at",
  max("journey"."events"."source_row") AS "max"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  dayofyear("journey"."events"."occurred_at")
ORDER BY
  dayofyear("journey"."events"."occurred_at") ASC

-- @id metabase.day-of-year.distinct
-- @ordered
SELECT
  dayofyear("journey"."stage_entries"."entered_at") AS "entered_at",
  count(DISTINCT "journey"."stage_entries"."journey_id") AS "count"
FROM
  "journey"."stage_entries"
GROUP BY
  dayofyear("journey"."stage_entries"."entered_at")
ORDER BY
  dayofyear("journey"."stage_entries"."entered_at") ASC

-- @id metabase.day-of-year.stddev
-- @ordered
SELECT
  dayofyear("journey"."persons"."first_seen") AS "first_seen",
  stddev_pop("journey"."persons"."events") AS "stddev"
FROM
  "journey"."persons"
GROUP BY
  dayofyear("journey"."persons"."first_seen")
ORDER BY
  dayofyear("journey"."persons"."first_seen") ASC

-- @id metabase.day-of-year.median
-- @ordered
SELECT
  dayofyear("journey"."journeys"."converted_at") AS "converted_at",
  median("journey"."journeys"."events") AS "median"
FROM
  "journey"."journeys"
GROUP BY
  dayofyear("journey"."journeys"."converted_at")
ORDER BY
  dayofyear("journey"."journeys"."converted_at") ASC

-- @id metabase.day-of-year.percentile
-- @ordered
SELECT
  dayofyear("journey"."journeys"."started_at") AS "started_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."journeys"."days_to_convert") AS "percentile"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  dayofyear("journey"."journeys"."started_at")
ORDER BY
  dayofyear("journey"."journeys"."started_at") ASC

-- @id metabase.week.count
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."persons"."first_seen" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "first_seen",
  count(*) AS "count"
FROM
  "journey"."persons"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."persons"."first_seen" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."persons"."first_seen" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.sum
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."journeys"."converted_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "converted_at",
  sum("journey"."journeys"."events") AS "sum"
FROM
  "journey"."journeys"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."converted_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."converted_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.avg
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."journeys"."started_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "started_at",
  avg("journey"."journeys"."events") AS "avg"
FROM
  "journey"."journeys"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."started_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."started_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.min
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."events"."occurred_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "occurred_at",
  min("journey"."events"."source_row") AS "min"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."events"."occurred_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."events"."occurred_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.max
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."stage_entries"."entered_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "entered_at",
  max("journey"."stage_entries"."triggering_event_id") AS "max"
FROM
  "journey"."stage_entries"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."stage_entries"."entered_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."stage_entries"."entered_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.distinct
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."persons"."first_seen" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "first_seen",
  count(DISTINCT "journey"."persons"."account_id") AS "count"
FROM
  "journey"."persons"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."persons"."first_seen" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."persons"."first_seen" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.stddev
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."journeys"."converted_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "converted_at",
  stddev_pop("journey"."journeys"."events") AS "stddev"
FROM
  "journey"."journeys"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."converted_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."converted_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.median
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."journeys"."started_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "started_at",
  median("journey"."journeys"."days_to_convert") AS "median"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."started_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."journeys"."started_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week.percentile
-- @ordered
SELECT
  (CAST(date_trunc('week', (CAST("journey"."events"."occurred_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) AS "occurred_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."events"."source_row") AS "percentile"
FROM
  "journey"."events"
GROUP BY
  (CAST(date_trunc('week', (CAST("journey"."events"."occurred_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day))
ORDER BY
  (CAST(date_trunc('week', (CAST("journey"."events"."occurred_at" AS timestamp with time zone) + (INTERVAL '1' day))) AS timestamp with time zone) + (INTERVAL '-1' day)) ASC

-- @id metabase.week-of-year.count
-- @ordered
SELECT
  week("journey"."journeys"."converted_at") AS "converted_at",
  count(*) AS "count"
FROM
  "journey"."journeys"
GROUP BY
  week("journey"."journeys"."converted_at")
ORDER BY
  week("journey"."journeys"."converted_at") ASC

-- @id metabase.week-of-year.sum
-- @ordered
SELECT
  week("journey"."journeys"."started_at") AS "started_at",
  sum("journey"."journeys"."events") AS "sum"
FROM
  "journey"."journeys"
GROUP BY
  week("journey"."journeys"."started_at")
ORDER BY
  week("journey"."journeys"."started_at") ASC

-- @id metabase.week-of-year.avg
-- @ordered
SELECT
  week("journey"."events"."occurred_at") AS "occurred_at",
  avg("journey"."events"."source_row") AS "avg"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  week("journey"."events"."occurred_at")
ORDER BY
  week("journey"."events"."occurred_at") ASC

-- @id metabase.week-of-year.min
-- @ordered
SELECT
  week("journey"."stage_entries"."entered_at") AS "entered_at",
  min("journey"."stage_entries"."triggering_event_id") AS "min"
FROM
  "journey"."stage_entries"
GROUP BY
  week("journey"."stage_entries"."entered_at")
ORDER BY
  week("journey"."stage_entries"."entered_at") ASC

-- @id metabase.week-of-year.max
-- @ordered
SELECT
  week("journey"."persons"."first_seen") AS "first_seen",
  max("journey"."persons"."events") AS "max"
FROM
  "journey"."persons"
GROUP BY
  week("journey"."persons"."first_seen")
ORDER BY
  week("journey"."persons"."first_seen") ASC

-- @id metabase.week-of-year.distinct
-- @ordered
SELECT
  week("journey"."journeys"."converted_at") AS "converted_at",
  count(DISTINCT "journey"."journeys"."first_channel") AS "count"
FROM
  "journey"."journeys"
GROUP BY
  week("journey"."journeys"."converted_at")
ORDER BY
  week("journey"."journeys"."converted_at") ASC

-- @id metabase.week-of-year.stddev
-- @ordered
SELECT
  week("journey"."journeys"."started_at") AS "started_at",
  stddev_pop("journey"."journeys"."days_to_convert") AS "stddev"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  week("journey"."journeys"."started_at")
ORDER BY
  week("journey"."journeys"."started_at") ASC

-- @id metabase.week-of-year.median
-- @ordered
SELECT
  week("journey"."events"."occurred_at") AS "occurred_at",
  median("journey"."events"."source_row") AS "median"
FROM
  "journey"."events"
GROUP BY
  week("journey"."events"."occurred_at")
ORDER BY
  week("journey"."events"."occurred_at") ASC

-- @id metabase.week-of-year.percentile
-- @ordered
SELECT
  week("journey"."stage_entries"."entered_at") AS "entered_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."stage_entries"."hours_from_start") AS "percentile"
FROM
  "journey"."stage_entries"
GROUP BY
  week("journey"."stage_entries"."entered_at")
ORDER BY
  week("journey"."stage_entries"."entered_at") ASC

-- @id metabase.month.count
-- @ordered
SELECT
  date_trunc('month', "journey"."journeys"."started_at") AS "started_at",
  count(*) AS "count"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('month', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('month', "journey"."journeys"."started_at") ASC

-- @id metabase.month.sum
-- @ordered
SELECT
  date_trunc('month', "journey"."events"."occurred_at") AS "occurred_at",
  sum("journey"."events"."source_row") AS "sum"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  date_trunc('month', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('month', "journey"."events"."occurred_at") ASC

-- @id metabase.month.avg
-- @ordered
SELECT
  date_trunc('month', "journey"."stage_entries"."entered_at") AS "entered_at",
  avg("journey"."stage_entries"."triggering_event_id") AS "avg"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('month', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('month', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.month.min
-- @ordered
SELECT
  date_trunc('month', "journey"."persons"."first_seen") AS "first_seen",
  min("journey"."persons"."events") AS "min"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('month', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('month', "journey"."persons"."first_seen") ASC

-- @id metabase.month.max
-- @ordered
SELECT
  date_trunc('month', "journey"."journeys"."converted_at") AS "converted_at",
  max("journey"."journeys"."events") AS "max"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('month', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('month', "journey"."journeys"."converted_at") ASC

-- @id metabase.month.distinct
-- @ordered
SELECT
  date_trunc('month', "journey"."journeys"."started_at") AS "started_at",
  count(DISTINCT "journey"."journeys"."person_id") AS "count"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  date_trunc('month', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('month', "journey"."journeys"."started_at") ASC

-- @id metabase.month.stddev
-- @ordered
SELECT
  date_trunc('month', "journey"."events"."occurred_at") AS "occurred_at",
  stddev_pop("journey"."events"."source_row") AS "stddev"
FROM
  "journey"."events"
GROUP BY
  date_trunc('month', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('month', "journey"."events"."occurred_at") ASC

-- @id metabase.month.median
-- @ordered
SELECT
  date_trunc('month', "journey"."stage_entries"."entered_at") AS "entered_at",
  median("journey"."stage_entries"."hours_from_start") AS "median"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('month', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('month', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.month.percentile
-- @ordered
SELECT
  date_trunc('month', "journey"."persons"."first_seen") AS "first_seen",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."persons"."identifiers") AS "percentile"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('month', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('month', "journey"."persons"."first_seen") ASC

-- @id metabase.month-of-year.count
-- @ordered
SELECT
  month("journey"."events"."occurred_at") AS "occurred_at",
  count(*) AS "count"
FROM
  "journey"."events"
WHERE "journey"."events"."occurred_at" IS NOT NULL
GROUP BY
  month("journey"."events"."occurred_at")
ORDER BY
  month("journey"."events"."occurred_at") ASC

-- @id metabase.month-of-year.sum
-- @ordered
SELECT
  month("journey"."stage_entries"."entered_at") AS "entered_at",
  sum("journey"."stage_entries"."triggering_event_id") AS "sum"
FROM
  "journey"."stage_entries"
GROUP BY
  month("journey"."stage_entries"."entered_at")
ORDER BY
  month("journey"."stage_entries"."entered_at") ASC

-- @id metabase.month-of-year.avg
-- @ordered
SELECT
  month("journey"."persons"."first_seen") AS "first_seen",
  avg("journey"."persons"."events") AS "avg"
FROM
  "journey"."persons"
GROUP BY
  month("journey"."persons"."first_seen")
ORDER BY
  month("journey"."persons"."first_seen") ASC

-- @id metabase.month-of-year.min
-- @ordered
SELECT
  month("journey"."journeys"."converted_at") AS "converted_at",
  min("journey"."journeys"."events") AS "min"
FROM
  "journey"."journeys"
GROUP BY
  month("journey"."journeys"."converted_at")
ORDER BY
  month("journey"."journeys"."converted_at") ASC

-- @id metabase.month-of-year.max
-- @ordered
SELECT
  month("journey"."journeys"."started_at") AS "started_at",
  max("journey"."journeys"."days_to_convert") AS "max"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  month("journey"."journeys"."started_at")
ORDER BY
  month("journey"."journeys"."started_at") ASC

-- @id metabase.month-of-year.distinct
-- @ordered
SELECT
  month("journey"."events"."occurred_at") AS "occurred_at",
  count(DISTINCT "journey"."events"."person_id") AS "count"
FROM
  "journey"."events"
GROUP BY
  month("journey"."events"."occurred_at")
ORDER BY
  month("journey"."events"."occurred_at") ASC

-- @id metabase.month-of-year.stddev
-- @ordered
SELECT
  month("journey"."stage_entries"."entered_at") AS "entered_at",
  stddev_pop("journey"."stage_entries"."hours_from_start") AS "stddev"
FROM
  "journey"."stage_entries"
GROUP BY
  month("journey"."stage_entries"."entered_at")
ORDER BY
  month("journey"."stage_entries"."entered_at") ASC

-- @id metabase.month-of-year.median
-- @ordered
SELECT
  month("journey"."persons"."first_seen") AS "first_seen",
  median("journey"."persons"."identifiers") AS "median"
FROM
  "journey"."persons"
GROUP BY
  month("journey"."persons"."first_seen")
ORDER BY
  month("journey"."persons"."first_seen") ASC

-- @id metabase.month-of-year.percentile
-- @ordered
SELECT
  month("journey"."journeys"."converted_at") AS "converted_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."journeys"."days_to_convert") AS "percentile"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."converted_at" IS NOT NULL
GROUP BY
  month("journey"."journeys"."converted_at")
ORDER BY
  month("journey"."journeys"."converted_at") ASC

-- @id metabase.quarter.count
-- @ordered
SELECT
  date_trunc('quarter', "journey"."stage_entries"."entered_at") AS "entered_at",
  count(*) AS "count"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('quarter', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('quarter', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.quarter.sum
-- @ordered
SELECT
  date_trunc('quarter', "journey"."persons"."first_seen") AS "first_seen",
  sum("journey"."persons"."identifiers") AS "sum"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('quarter', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('quarter', "journey"."persons"."first_seen") ASC

-- @id metabase.quarter.avg
-- @ordered
SELECT
  date_trunc('quarter', "journey"."journeys"."converted_at") AS "converted_at",
  avg("journey"."journeys"."events") AS "avg"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('quarter', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('quarter', "journey"."journeys"."converted_at") ASC

-- @id metabase.quarter.min
-- @ordered
SELECT
  date_trunc('quarter', "journey"."journeys"."started_at") AS "started_at",
  min("journey"."journeys"."days_to_convert") AS "min"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  date_trunc('quarter', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('quarter', "journey"."journeys"."started_at") ASC

-- @id metabase.quarter.max
-- @ordered
SELECT
  date_trunc('quarter', "journey"."events"."occurred_at") AS "occurred_at",
  max("journey"."events"."source_row") AS "max"
FROM
  "journey"."events"
GROUP BY
  date_trunc('quarter', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('quarter', "journey"."events"."occurred_at") ASC

-- @id metabase.quarter.distinct
-- @ordered
SELECT
  date_trunc('quarter', "journey"."stage_entries"."entered_at") AS "entered_at",
  count(DISTINCT "journey"."stage_entries"."journey_id") AS "count"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('quarter', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('quarter', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.quarter.stddev
-- @ordered
SELECT
  date_trunc('quarter', "journey"."persons"."first_seen") AS "first_seen",
  stddev_pop("journey"."persons"."identifiers") AS "stddev"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('quarter', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('quarter', "journey"."persons"."first_seen") ASC

-- @id metabase.quarter.median
-- @ordered
SELECT
  date_trunc('quarter', "journey"."journeys"."converted_at") AS "converted_at",
  median("journey"."journeys"."days_to_convert") AS "median"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."converted_at" IS NOT NULL
GROUP BY
  date_trunc('quarter', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('quarter', "journey"."journeys"."converted_at") ASC

-- @id metabase.quarter.percentile
-- @ordered
SELECT
  date_trunc('quarter', "journey"."journeys"."started_at") AS "started_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."journeys"."events") AS "percentile"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('quarter', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('quarter', "journey"."journeys"."started_at") ASC

-- @id metabase.quarter-of-year.count
-- @ordered
SELECT
  quarter("journey"."persons"."first_seen") AS "first_seen",
  count(*) AS "count"
FROM
  "journey"."persons"
GROUP BY
  quarter("journey"."persons"."first_seen")
ORDER BY
  quarter("journey"."persons"."first_seen") ASC

-- @id metabase.quarter-of-year.sum
-- @ordered
SELECT
  quarter("journey"."journeys"."converted_at") AS "converted_at",
  sum("journey"."journeys"."events") AS "sum"
FROM
  "journey"."journeys"
GROUP BY
  quarter("journey"."journeys"."converted_at")
ORDER BY
  quarter("journey"."journeys"."converted_at") ASC

-- @id metabase.quarter-of-year.avg
-- @ordered
SELECT
  quarter("journey"."journeys"."started_at") AS "started_at",
  avg("journey"."journeys"."days_to_convert") AS "avg"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  quarter("journey"."journeys"."started_at")
ORDER BY
  quarter("journey"."journeys"."started_at") ASC

-- @id metabase.quarter-of-year.min
-- @ordered
SELECT
  quarter("journey"."events"."occurred_at") AS "occurred_at",
  min("journey"."events"."source_row") AS "min"
FROM
  "journey"."events"
GROUP BY
  quarter("journey"."events"."occurred_at")
ORDER BY
  quarter("journey"."events"."occurred_at") ASC

-- @id metabase.quarter-of-year.max
-- @ordered
SELECT
  quarter("journey"."stage_entries"."entered_at") AS "entered_at",
  max("journey"."stage_entries"."hours_from_start") AS "max"
FROM
  "journey"."stage_entries"
GROUP BY
  quarter("journey"."stage_entries"."entered_at")
ORDER BY
  quarter("journey"."stage_entries"."entered_at") ASC

-- @id metabase.quarter-of-year.distinct
-- @ordered
SELECT
  quarter("journey"."persons"."first_seen") AS "first_seen",
  count(DISTINCT "journey"."persons"."account_id") AS "count"
FROM
  "journey"."persons"
GROUP BY
  quarter("journey"."persons"."first_seen")
ORDER BY
  quarter("journey"."persons"."first_seen") ASC

-- @id metabase.quarter-of-year.stddev
-- @ordered
SELECT
  quarter("journey"."journeys"."converted_at") AS "converted_at",
  stddev_pop("journey"."journeys"."days_to_convert") AS "stddev"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."converted_at" IS NOT NULL
GROUP BY
  quarter("journey"."journeys"."converted_at")
ORDER BY
  quarter("journey"."journeys"."converted_at") ASC

-- @id metabase.quarter-of-year.median
-- @ordered
SELECT
  quarter("journey"."journeys"."started_at") AS "started_at",
  median("journey"."journeys"."events") AS "median"
FROM
  "journey"."journeys"
GROUP BY
  quarter("journey"."journeys"."started_at")
ORDER BY
  quarter("journey"."journeys"."started_at") ASC

-- @id metabase.quarter-of-year.percentile
-- @ordered
SELECT
  quarter("journey"."events"."occurred_at") AS "occurred_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."events"."source_row") AS "percentile"
FROM
  "journey"."events"
GROUP BY
  quarter("journey"."events"."occurred_at")
ORDER BY
  quarter("journey"."events"."occurred_at") ASC

-- @id metabase.year.count
-- @ordered
SELECT
  date_trunc('year', "journey"."journeys"."converted_at") AS "converted_at",
  count(*) AS "count"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('year', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('year', "journey"."journeys"."converted_at") ASC

-- @id metabase.year.sum
-- @ordered
SELECT
  date_trunc('year', "journey"."journeys"."started_at") AS "started_at",
  sum("journey"."journeys"."events") AS "sum"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."started_at" IS NOT NULL
GROUP BY
  date_trunc('year', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('year', "journey"."journeys"."started_at") ASC

-- @id metabase.year.avg
-- @ordered
SELECT
  date_trunc('year', "journey"."events"."occurred_at") AS "occurred_at",
  avg("journey"."events"."source_row") AS "avg"
FROM
  "journey"."events"
GROUP BY
  date_trunc('year', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('year', "journey"."events"."occurred_at") ASC

-- @id metabase.year.min
-- @ordered
SELECT
  date_trunc('year', "journey"."stage_entries"."entered_at") AS "entered_at",
  min("journey"."stage_entries"."hours_from_start") AS "min"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('year', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('year', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.year.max
-- @ordered
SELECT
  date_trunc('year', "journey"."persons"."first_seen") AS "first_seen",
  max("journey"."persons"."identifiers") AS "max"
FROM
  "journey"."persons"
GROUP BY
  date_trunc('year', "journey"."persons"."first_seen")
ORDER BY
  date_trunc('year', "journey"."persons"."first_seen") ASC

-- @id metabase.year.distinct
-- @ordered
SELECT
  date_trunc('year', "journey"."journeys"."converted_at") AS "converted_at",
  count(DISTINCT "journey"."journeys"."first_channel") AS "count"
FROM
  "journey"."journeys"
WHERE "journey"."journeys"."converted_at" IS NOT NULL
GROUP BY
  date_trunc('year', "journey"."journeys"."converted_at")
ORDER BY
  date_trunc('year', "journey"."journeys"."converted_at") ASC

-- @id metabase.year.stddev
-- @ordered
SELECT
  date_trunc('year', "journey"."journeys"."started_at") AS "started_at",
  stddev_pop("journey"."journeys"."events") AS "stddev"
FROM
  "journey"."journeys"
GROUP BY
  date_trunc('year', "journey"."journeys"."started_at")
ORDER BY
  date_trunc('year', "journey"."journeys"."started_at") ASC

-- @id metabase.year.median
-- @ordered
SELECT
  date_trunc('year', "journey"."events"."occurred_at") AS "occurred_at",
  median("journey"."events"."source_row") AS "median"
FROM
  "journey"."events"
GROUP BY
  date_trunc('year', "journey"."events"."occurred_at")
ORDER BY
  date_trunc('year', "journey"."events"."occurred_at") ASC

-- @id metabase.year.percentile
-- @ordered
SELECT
  date_trunc('year', "journey"."stage_entries"."entered_at") AS "entered_at",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY "journey"."stage_entries"."triggering_event_id") AS "percentile"
FROM
  "journey"."stage_entries"
GROUP BY
  date_trunc('year', "journey"."stage_entries"."entered_at")
ORDER BY
  date_trunc('year', "journey"."stage_entries"."entered_at") ASC

-- @id metabase.source-subquery-expression
-- @note Metabase wraps custom expressions in a "source" subquery
SELECT "source"."first_channel" AS "first_channel", "source"."converted" AS "converted", COUNT(*) AS "count"
FROM (
  SELECT "journey"."journeys"."first_channel" AS "first_channel",
         CASE WHEN "journey"."journeys"."status" = 'converted' THEN 1 ELSE 0 END AS "converted"
  FROM "journey"."journeys"
) AS "source"
GROUP BY "source"."first_channel", "source"."converted"
ORDER BY "source"."first_channel" ASC, "source"."converted" ASC
-- @ordered

-- @id metabase.raw-rows-limit
-- @note Metabase's table view: every column, its row cap
SELECT "journey"."stage_entries"."journey_id" AS "journey_id", "journey"."stage_entries"."stage_order" AS "stage_order", "journey"."stage_entries"."stage" AS "stage", "journey"."stage_entries"."entered_at" AS "entered_at", "journey"."stage_entries"."in_order" AS "in_order"
FROM "journey"."stage_entries" ORDER BY "journey"."stage_entries"."journey_id" ASC, "journey"."stage_entries"."stage_order" ASC LIMIT 2000
-- @ordered

-- @id metabase.distinct-values
-- @note Metabase's field-values scan for a category filter
SELECT "journey"."events"."event" AS "event" FROM "journey"."events" GROUP BY "journey"."events"."event" ORDER BY "journey"."events"."event" ASC LIMIT 1000
-- @ordered

-- @id metabase.fingerprint
-- @note Metabase's sync fingerprint of a table sample
SELECT "journey"."journeys"."status" AS "status", "journey"."journeys"."days_to_convert" AS "days_to_convert", "journey"."journeys"."started_at" AS "started_at" FROM "journey"."journeys" ORDER BY "journey"."journeys"."journey_id" LIMIT 10000
-- @ordered

-- @id metabase.filter-on-joined-table
SELECT "journey"."journeys"."first_channel" AS "first_channel", count(*) AS "count"
FROM "journey"."journeys" LEFT JOIN "journey"."stage_entries" AS "Stage Entries" ON "journey"."journeys"."journey_id" = "Stage Entries"."journey_id"
WHERE "Stage Entries"."stage" = 'activated'
GROUP BY "journey"."journeys"."first_channel" ORDER BY "journey"."journeys"."first_channel" ASC
-- @ordered

-- @id metabase.date-filter-specific-day
SELECT count(*) AS "count" FROM "journey"."events"
WHERE ("journey"."events"."occurred_at" >= CAST('2026-03-02' AS date)) AND ("journey"."events"."occurred_at" < CAST((CAST('2026-03-02' AS date) + INTERVAL '1 day') AS date))

-- @id metabase.relative-this-year
SELECT date_trunc('month', "journey"."journeys"."started_at") AS "started_at", count(*) AS "count"
FROM "journey"."journeys"
WHERE ("journey"."journeys"."started_at" >= date_trunc('year', CAST((CAST(now() AS timestamp with time zone) + (INTERVAL '-1' year)) AS timestamp)))
GROUP BY 1 ORDER BY 1 ASC
-- @ordered

-- @id metabase.binned-number
SELECT (FLOOR(("journey"."journeys"."days_to_convert" / 2.5)) * 2.5) AS "days_to_convert", count(*) AS "count"
FROM "journey"."journeys" GROUP BY 1 ORDER BY 1 ASC
-- @ordered

-- @id metabase.cumulative-count
SELECT date_trunc('week', "journey"."journeys"."started_at") AS "started_at", sum(count(*)) OVER (ORDER BY date_trunc('week', "journey"."journeys"."started_at") ROWS UNBOUNDED PRECEDING) AS "count"
FROM "journey"."journeys" GROUP BY 1 ORDER BY 1 ASC
-- @ordered

-- @id metabase.native-with-parameters
-- @note a Metabase native question: {{channel}} and {{since}} arrive as binds
-- @bind string partner
-- @bind timestamp 2026-02-01T00:00
SELECT status, count(*) AS n FROM journeys WHERE first_channel = ? AND started_at >= ? GROUP BY status ORDER BY status
-- @ordered

-- @id filter.metabase-date-range
-- @note Metabase "Started at between March 1 and March 31"
SELECT count(*) AS "count"
FROM "journey"."journeys"
WHERE ("journey"."journeys"."started_at" >= timestamp '2026-03-01 00:00:00.000')
  AND ("journey"."journeys"."started_at" < timestamp '2026-04-01 00:00:00.000')

-- @id filter.metabase-relative-30-days
-- @note Metabase "Previous 30 days" (relative to the clock: the demo data are older, so it counts nothing)
SELECT count(*) AS "count"
FROM "journey"."journeys"
WHERE ("journey"."journeys"."started_at" >= date_trunc('day', (CAST(now() AS timestamp with time zone) + (INTERVAL '-30' day))))
  AND ("journey"."journeys"."started_at" < date_trunc('day', now()))

-- @id filter.now-minus-interval
SELECT count(*) AS n FROM events WHERE occurred_at >= now() - INTERVAL '30 days'

-- @id filter.now-minus-interval-long
SELECT event, count(*) AS n FROM events WHERE occurred_at >= now() - INTERVAL '3650 days' GROUP BY event ORDER BY event
-- @ordered

-- @id filter.current-date-minus-interval
SELECT count(*) AS n FROM journeys WHERE started_at::date > current_date - INTERVAL '400 days'

-- @id filter.as-of-minus-30-days
-- @note "last 30 days" relative to the store's as-of moment rather than the clock
SELECT count(*) AS n FROM events
WHERE occurred_at > (SELECT as_of FROM build_info) - INTERVAL '30 days'
  AND occurred_at <= (SELECT as_of FROM build_info)

-- @id filter.interval-one-day
SELECT journey_id, converted_at - started_at AS took FROM journeys
WHERE converted_at - started_at < INTERVAL '1 day' * 10 ORDER BY journey_id
-- @ordered

-- @id filter.interval-arithmetic
SELECT journey_id, started_at + INTERVAL '1 day' AS next_day, started_at - INTERVAL 2 HOUR AS earlier
FROM journeys WHERE journey_id <= 20 ORDER BY journey_id
-- @ordered

-- @id filter.cast-date-equals
SELECT count(*) AS n FROM events WHERE occurred_at::date = DATE '2026-03-02'

-- @id filter.cast-date-between
SELECT occurred_at::date AS day, count(*) AS n FROM events
WHERE occurred_at::date BETWEEN '2026-02-01' AND '2026-02-14' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id filter.cast-function-date
SELECT CAST(started_at AS DATE) AS d, count(*) AS n FROM journeys
WHERE CAST(started_at AS DATE) >= CAST('2026-04-01' AS DATE) GROUP BY d ORDER BY d
-- @ordered

-- @id filter.timestamp-literal-iso
SELECT count(*) AS n FROM events WHERE occurred_at < TIMESTAMP '2026-02-01T12:00:00'

-- @id filter.string-compared-to-timestamp
SELECT count(*) AS n FROM events WHERE occurred_at >= '2026-05-01' AND occurred_at < '2026-05-08'

-- @id filter.timestamptz-literal
SELECT count(*) AS n FROM events WHERE occurred_at >= TIMESTAMPTZ '2026-05-01 02:00:00+02'

-- @id filter.in-list
SELECT event, count(*) AS n FROM events
WHERE event IN ('trial_started', 'subscription_paid', 'feature_used') GROUP BY event ORDER BY event
-- @ordered

-- @id filter.not-in-list-and-null
SELECT channel, count(*) AS n FROM events
WHERE channel NOT IN ('email', 'partner') OR channel IS NULL GROUP BY channel ORDER BY channel NULLS FIRST
-- @ordered

-- @id filter.ilike
SELECT DISTINCT event FROM events WHERE event ILIKE '%EMAIL%' ORDER BY event
-- @ordered

-- @id filter.not-ilike
SELECT count(*) AS n FROM events WHERE campaign NOT ILIKE 'PAID%'

-- @id filter.like-escape
SELECT DISTINCT event FROM events WHERE event LIKE 'trial\_%' ESCAPE '\' ORDER BY 1
-- @ordered

-- @id filter.similar-to
SELECT DISTINCT raw_event FROM events WHERE raw_event SIMILAR TO '(page|pricing)_.*' ORDER BY 1
-- @ordered

-- @id filter.not-similar-to
SELECT count(*) AS n FROM events WHERE campaign NOT SIMILAR TO '[a-z_]+_[0-9]'

-- @id filter.regexp-matches
SELECT DISTINCT campaign FROM events WHERE regexp_matches(campaign, '^(webinar|partner)_[0-9]+$') ORDER BY 1
-- @ordered

-- @id filter.regexp-matches-flags
SELECT count(*) AS n FROM events WHERE regexp_matches(event, 'EMAIL', 'i')

-- @id filter.tilde-operator
SELECT count(*) AS n FROM events WHERE event ~ '^email_(opened|clicked)$'

-- @id filter.glob
SELECT count(*) AS n FROM events WHERE event GLOB 'setup*'

-- @id filter.starts-with
SELECT count(*) AS n FROM events WHERE starts_with(account_id, 'A00001') OR prefix(event, 'page')

-- @id filter.between-numbers
SELECT journey_id, days_to_convert FROM journeys WHERE days_to_convert BETWEEN 5 AND 15 ORDER BY journey_id
-- @ordered

-- @id filter.boolean-column
SELECT judged, count(*) AS n FROM journeys WHERE judged GROUP BY judged

-- @id filter.not-boolean
SELECT count(*) AS n FROM stage_entries WHERE NOT in_order

-- @id filter.is-distinct-from
SELECT count(*) AS n FROM journeys WHERE furthest_stage IS DISTINCT FROM 'converted'

-- @id filter.coalesce
SELECT coalesce(channel, '(none)') AS channel, count(*) AS n FROM events GROUP BY 1 ORDER BY 1
-- @ordered

-- @id filter.exists
SELECT count(*) AS n FROM journeys j
WHERE EXISTS (SELECT 1 FROM stage_entries s WHERE s.journey_id = j.journey_id AND s.stage = 'activated')

-- @id filter.not-exists
SELECT count(*) AS n FROM persons p WHERE NOT EXISTS (SELECT 1 FROM journeys j WHERE j.person_id = p.person_id)

-- @id filter.in-subquery
SELECT count(*) AS n FROM events WHERE journey_id IN (SELECT journey_id FROM journeys WHERE status = 'converted')

-- @id filter.any-subquery
SELECT count(*) AS n FROM journeys WHERE days_to_convert > ANY (SELECT days_to_convert FROM journeys WHERE first_channel = 'partner')

-- @id filter.all-subquery
SELECT count(*) AS n FROM journeys WHERE events >= ALL (SELECT events FROM journeys WHERE first_channel = 'referral')

-- @id filter.case-insensitive-keywords
select Count(*) as N from JOURNEYS where Status = 'converted' And First_Channel In ('email', 'webinar')

-- @id filter.hour-range
SELECT count(*) AS n FROM events WHERE hour(occurred_at) BETWEEN 9 AND 17 AND isodow(occurred_at) < 6

-- @id filter.date-part-filter
SELECT count(*) AS n FROM events WHERE date_part('month', occurred_at) = 3 AND extract(year FROM occurred_at) = 2026

-- @id filter.bind-timestamp-range
-- @note a Metabase native query with two date parameters
-- @bind timestamp 2026-03-01T00:00
-- @bind timestamp 2026-04-01T00:00
SELECT count(*) AS n FROM journeys WHERE started_at >= ? AND started_at < ?

-- @id filter.bind-date
-- @bind date 2026-03-02
SELECT count(*) AS n FROM events WHERE occurred_at::date = ?

-- @id filter.bind-string-and-int
-- @bind string converted
-- @bind int 10
SELECT journey_id, events FROM journeys WHERE status = ? AND events > ? ORDER BY journey_id
-- @ordered

-- @id filter.bind-dollar-numbered
-- @bind string email
-- @bind string webinar
SELECT count(*) AS n FROM journeys WHERE first_channel = $2 OR first_channel = $1

-- @id filter.bind-interval-days
-- @bind int 14
SELECT count(*) AS n FROM journeys WHERE converted_at <= started_at + to_days(CAST(? AS INTEGER))

-- @id filter.bind-like
-- @bind string %paid%
SELECT DISTINCT campaign FROM events WHERE campaign ILIKE ? ORDER BY 1
-- @ordered

-- @id json.arrow-text
SELECT properties->>'country' AS country, count(*) AS n FROM events
WHERE source = 'crm' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id json.arrow-json
SELECT properties->'plan_tier' AS tier, count(*) AS n FROM events WHERE source = 'product' GROUP BY 1 ORDER BY 2 DESC, 1

-- @id json.arrow-path
SELECT properties->>'$.plan' AS plan, count(*) AS n FROM events WHERE source = 'billing' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id json.extract-string
SELECT json_extract_string(properties, '$.category') AS category, count(*) AS n FROM events
WHERE json_extract_string(properties, '$.category') IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id json.extract
SELECT json_extract(properties, '$.amount_eur') AS amount, count(*) AS n FROM events WHERE source = 'billing' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id json.amount-sum
-- @note revenue from the billing events' JSON properties
SELECT date_trunc('month', occurred_at) AS month,
       sum(CAST(properties->>'amount_eur' AS DECIMAL(12, 2))) AS revenue,
       count(*) AS payments
FROM events WHERE event = 'subscription_paid' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id json.amount-double
SELECT avg(TRY_CAST(json_extract_string(properties, '$.amount_eur') AS DOUBLE)) AS avg_amount FROM events

-- @id json.filter-on-property
SELECT count(*) AS n FROM events WHERE properties->>'country' IN ('DE', 'NL') AND event = 'lead_created'

-- @id json.keys
SELECT source, json_keys(properties) AS keys, count(*) AS n FROM events
WHERE properties IS NOT NULL GROUP BY ALL ORDER BY source, n
-- @ordered

-- @id json.valid-and-type
SELECT json_valid(properties) AS valid, json_type(properties) AS type, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id json.cast-json
SELECT CAST(properties AS JSON)->>'plan_tier' AS tier FROM events WHERE source = 'product' AND event_id % 50 = 0 ORDER BY event_id
-- @ordered

-- @id json.raw-row-of-rejected
SELECT reason, raw_row->>'event_name' AS raw_event, count(*) AS n FROM rejected_events GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id json.object-build
SELECT journey_id, json_object('status', status, 'events', events) AS doc FROM journeys WHERE journey_id < 6 ORDER BY journey_id
-- @ordered

-- @id json.to-json-struct
SELECT to_json({'stage': stage, 'n': reached}) AS doc FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id json.exists
SELECT json_exists(properties, '$.country') AS has_country, count(*) AS n FROM events WHERE properties IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id text.split-part
SELECT split_part(campaign, '_', 1) AS family, count(*) AS n FROM events WHERE campaign IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id text.split-part-negative
SELECT split_part(primary_identifier, ':', 1) AS kind, split_part(primary_identifier, ':', -1) AS value FROM persons WHERE person_id <= 5 ORDER BY person_id
-- @ordered

-- @id text.string-agg-ordered
SELECT journey_id, string_agg(stage, ' > ' ORDER BY stage_order) AS path FROM stage_entries GROUP BY journey_id ORDER BY journey_id LIMIT 50
-- @ordered

-- @id text.string-agg-distinct
SELECT first_channel, string_agg(DISTINCT status, ',' ORDER BY status) AS statuses FROM journeys GROUP BY 1 ORDER BY 1
-- @ordered

-- @id text.listagg
SELECT listagg(event, ', ' ORDER BY event) AS events FROM taxonomy

-- @id text.group-concat
SELECT stage_order, group_concat(DISTINCT triggering_event ORDER BY triggering_event) AS events FROM stage_entries GROUP BY 1 ORDER BY 1
-- @ordered

-- @id text.regexp-replace
SELECT DISTINCT regexp_replace(campaign, '_[0-9]+$', '') AS family FROM events WHERE campaign IS NOT NULL ORDER BY 1
-- @ordered

-- @id text.regexp-replace-global
SELECT regexp_replace(last_events, '[0-9]+%', 'n%', 'g') AS shape FROM drop_offs ORDER BY stage_order
-- @ordered

-- @id text.regexp-extract
SELECT regexp_extract(campaign, '_([0-9]+)$', 1) AS number, count(*) AS n FROM events WHERE campaign IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id text.regexp-extract-all
SELECT regexp_extract_all(last_events, '([a-z_]+) \(', 1) AS events FROM drop_offs ORDER BY stage_order
-- @ordered

-- @id text.regexp-split
SELECT string_split_regex(rule, '\s+') AS words FROM stages ORDER BY stage_order
-- @ordered

-- @id text.upper-lower-initcap
SELECT upper(stage) AS u, lower(rule) AS l, length(description) AS len FROM stages ORDER BY stage_order
-- @ordered

-- @id text.concat-operators
SELECT concat(from_stage, ' -> ', to_stage) AS pair, from_stage || ' -> ' || to_stage AS piped, concat_ws('/', from_stage, to_stage, sample_note) AS ws FROM stage_conversion ORDER BY from_order
-- @ordered

-- @id text.padding-and-substrings
SELECT lpad(CAST(stage_order AS VARCHAR), 3, '0') AS o, rpad(stage, 20, '.') AS s, substr(stage, 1, 4) AS head, left(stage, 2) AS l2, right(stage, 3) AS r3 FROM stages ORDER BY stage_order
-- @ordered

-- @id text.position-and-replace
SELECT stage, strpos(rule, 'within') AS at, position('x' IN rule) AS px, replace(rule, ' ', '_') AS r FROM stages ORDER BY stage_order
-- @ordered

-- @id text.trim-and-reverse
SELECT trim('  ' || stage || '  ') AS t, ltrim('xx' || stage, 'x') AS lt, reverse(stage) AS rev FROM stages ORDER BY stage_order
-- @ordered

-- @id text.format-and-printf
SELECT format('{} reached {}', stage, reached) AS f, printf('%s: %.1f%%', stage, 100 * share_converted_without) AS p FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id text.hash-and-md5
SELECT md5(account_id) AS h, hash(account_id) AS x FROM accounts ORDER BY account_id LIMIT 10
-- @ordered

-- @id text.levenshtein-and-jaccard
SELECT a.event, b.event AS other, levenshtein(a.event, b.event) AS d FROM taxonomy a, taxonomy b
WHERE a.event < b.event AND levenshtein(a.event, b.event) < 8 ORDER BY d, 1, 2
-- @ordered

-- @id text.unicode
SELECT 'Zürich ✓ 東京' AS s, length('Zürich ✓ 東京') AS len, upper('straße') AS up, strlen('東京') AS bytes

-- @id text.string-split-unnest
SELECT unnest(string_split(sources, ',')) AS source, event FROM taxonomy ORDER BY 2, 1
-- @ordered

-- @id text.case-expression
SELECT CASE WHEN days_to_convert IS NULL THEN 'never' WHEN days_to_convert < 7 THEN 'first week' WHEN days_to_convert < 14 THEN 'second week' ELSE 'later' END AS bucket, count(*) AS n
FROM journeys GROUP BY 1 ORDER BY 1
-- @ordered

-- @id date.date-diff-days
SELECT journey_id, date_diff('day', started_at, converted_at) AS days, datediff('hour', started_at, converted_at) AS hours FROM journeys WHERE converted_at IS NOT NULL ORDER BY journey_id
-- @ordered

-- @id date.date-sub
SELECT journey_id, date_sub('minute', started_at, closed_at) AS minutes FROM journeys WHERE closed_at IS NOT NULL ORDER BY journey_id
-- @ordered

-- @id date.metabase-datetime-diff
-- @note Metabase datetimeDiff(started_at, converted_at, "day") and "week"
SELECT journey_id, datesub('day', CAST(started_at AS date), CAST(converted_at AS date)) AS days,
       (datesub('day', CAST(started_at AS date), CAST(converted_at AS date)) / 7) AS weeks
FROM journeys WHERE converted_at IS NOT NULL ORDER BY journey_id
-- @ordered

-- @id date.strftime
SELECT strftime(started_at, '%Y-%m-%d %H:%M') AS minute, strftime(started_at, '%A') AS weekday, strftime(started_at, '%G-W%V') AS iso_week FROM journeys ORDER BY journey_id LIMIT 40
-- @ordered

-- @id date.strptime
SELECT strptime('2026-03-02 10:15', '%Y-%m-%d %H:%M') AS t, try_strptime('nope', '%Y') AS bad

-- @id date.epoch
SELECT journey_id, epoch(started_at) AS s, epoch_ms(started_at) AS ms, to_timestamp(epoch(started_at)) AS back FROM journeys ORDER BY journey_id LIMIT 20
-- @ordered

-- @id date.make-date-and-parts
SELECT make_date(2026, 3, 2) AS d, make_timestamp(2026, 3, 2, 10, 30, 15.5) AS t, date_part(['year', 'month', 'day'], DATE '2026-03-02') AS parts

-- @id date.last-day-and-monthname
SELECT DISTINCT last_day(started_at) AS last, monthname(started_at) AS m, dayname(started_at::date) AS first_day FROM journeys WHERE day(started_at) = 1 ORDER BY 1, 2, 3
-- @ordered

-- @id date.age-interval
SELECT journey_id, age(closed_at, started_at) AS age FROM journeys WHERE closed_at IS NOT NULL ORDER BY journey_id LIMIT 30
-- @ordered

-- @id date.time-bucket
SELECT time_bucket(INTERVAL '6 hours', occurred_at) AS bucket, count(*) AS n FROM events WHERE occurred_at < '2026-02-01' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id date.generate-series-calendar
SELECT d::date AS day, count(j.journey_id) AS started
FROM generate_series(TIMESTAMP '2026-03-01', TIMESTAMP '2026-03-31', INTERVAL '1 day') AS g(d)
LEFT JOIN journeys j ON j.started_at::date = d::date
GROUP BY 1 ORDER BY 1
-- @ordered

-- @id date.greatest-least
SELECT journey_id, greatest(started_at, converted_at, failed_at) AS latest, least(window_ends_at, closed_at) AS earliest, greatest(events, 10) AS g FROM journeys ORDER BY journey_id LIMIT 50
-- @ordered

-- @id date.timestamptz-cast
SELECT CAST(started_at AS TIMESTAMPTZ) AS tz, started_at AT TIME ZONE 'UTC' AS at_utc FROM journeys ORDER BY journey_id LIMIT 10
-- @ordered

-- @id date.at-time-zone-berlin
SELECT journey_id, (started_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Berlin' AS berlin_wall FROM journeys ORDER BY journey_id LIMIT 10
-- @ordered

-- @id date.date-trunc-timestamptz
SELECT date_trunc('day', CAST(occurred_at AS TIMESTAMPTZ)) AS day, count(*) AS n FROM events WHERE occurred_at < '2026-01-15' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id date.interval-parts
SELECT journey_id, extract(epoch FROM converted_at - started_at) / 3600 AS hours, to_hours(2) + to_minutes(30) AS iv FROM journeys WHERE converted_at IS NOT NULL ORDER BY journey_id
-- @ordered

-- @id date.time-of-day
SELECT occurred_at::time AS t FROM events ORDER BY event_id LIMIT 10
-- @ordered

-- @id num.round-ceil-floor
SELECT stage, round(share_converted_without, 3) AS r, ceil(100 * share_converted_without) AS c, floor(100 * share_converted_without) AS f, trunc(100 * share_converted_without) AS t FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id num.integer-division-and-modulo
SELECT events // 5 AS bucket, events % 5 AS rest, events / 5 AS real_div, count(*) AS n FROM journeys GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id num.decimal-arithmetic
SELECT CAST(1 AS DECIMAL(10, 2)) / 3 AS third, 0.1 + 0.2 AS sum_, 2 ^ 10 AS pow, sqrt(2) AS root, ln(10) AS ln, log10(1000) AS l10

-- @id num.nullif-divide
SELECT channel, conversions / nullif(judged, 0) AS rate, conversions::DOUBLE / judged AS rate2 FROM channel_quality ORDER BY channel
-- @ordered

-- @id num.casts
SELECT CAST(events AS INTEGER) AS i, events::VARCHAR AS s, CAST(days_to_convert AS DECIMAL(8, 3)) AS d, TRY_CAST('x' AS INTEGER) AS bad, CAST(judged AS INTEGER) AS b FROM journeys ORDER BY journey_id LIMIT 30
-- @ordered

-- @id num.width-bucket-histogram
SELECT floor(days_to_convert / 2) * 2 AS bin, count(*) AS n FROM journeys WHERE days_to_convert IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id num.bit-and-hugeint
SELECT sum(event_id) AS s, sum(event_id)::HUGEINT * 1000000000000 AS big, bit_count(42) AS bits, 7 & 3 AS and_, 7 | 8 AS or_ FROM events

-- @id num.random-seeded-free
SELECT count(*) AS n FROM (SELECT random() AS r FROM events) WHERE r >= 0

-- @id names.three-part
SELECT count(*) AS n FROM journey.main.journeys

-- @id names.three-part-quoted
SELECT count(*) AS n FROM "journey"."main"."journeys"

-- @id names.two-part-catalog
SELECT count(*) AS n FROM journey.journeys

-- @id names.two-part-quoted
SELECT count(*) AS n FROM "journey"."journeys"

-- @id names.two-part-schema
SELECT count(*) AS n FROM main.journeys

-- @id names.unqualified
SELECT count(*) AS n FROM journeys

-- @id names.upper-case
SELECT COUNT(*) AS N FROM JOURNEY.MAIN.JOURNEYS

-- @id names.mixed-case-columns
SELECT Journey_ID, "status", STARTED_AT FROM Journey.Journeys WHERE Journey_Id < 10 ORDER BY 1
-- @ordered

-- @id names.qualified-columns
SELECT "journey"."journeys"."journey_id", journey.journeys.status FROM journey.journeys WHERE "journey"."journeys"."journey_id" <= 5 ORDER BY 1
-- @ordered

-- @id names.three-part-join
SELECT j.status, count(*) AS n FROM journey.main.journeys j JOIN journey.main.stage_entries s ON s.journey_id = j.journey_id GROUP BY 1 ORDER BY 1
-- @ordered

-- @id names.information-schema-tables
SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = 'journey' ORDER BY table_name
-- @ordered

-- @id names.information-schema-columns
SELECT column_name, data_type, ordinal_position FROM information_schema.columns WHERE table_catalog = 'journey' AND table_name = 'journeys' ORDER BY ordinal_position
-- @ordered

-- @id names.duckdb-tables
SELECT table_name, estimated_size > 0 AS has_rows, column_count FROM duckdb_tables() WHERE database_name = 'journey' ORDER BY table_name
-- @ordered

-- @id names.duckdb-columns
SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = 'journey' AND table_name IN ('events', 'stages') ORDER BY table_name, column_index
-- @ordered

-- @id names.pg-catalog
SELECT relname FROM pg_catalog.pg_class WHERE relname IN ('journeys', 'events') ORDER BY 1
-- @ordered

-- @id names.current-database
SELECT current_database() AS db, current_schema() AS schema

-- @id syntax.trailing-semicolon
SELECT count(*) AS n FROM journeys;

-- @id syntax.trailing-semicolon-and-space
SELECT status, count(*) AS n FROM journeys GROUP BY status ORDER BY status ;  
-- @ordered

-- @id syntax.trailing-comment
SELECT count(*) AS n FROM events -- all of them
;

-- @id syntax.leading-comments
/* dashboard: conversions */
-- by channel
SELECT first_channel, count(*) FILTER (WHERE status = 'converted') AS conversions FROM journeys GROUP BY 1 ORDER BY 1
-- @ordered

-- @id syntax.semicolon-in-string
SELECT 'a;b' AS s, ';' AS t, count(*) AS n FROM stages;

-- @id syntax.dollar-quoted
SELECT $$it's; fine$$ AS s, $tag$x;y$tag$ AS t

-- @id syntax.quoted-identifier-with-space
SELECT status AS "Journey Status", count(*) AS "Number of journeys" FROM journeys GROUP BY 1 ORDER BY 1
-- @ordered

-- @id syntax.from-first
FROM journeys SELECT status, count(*) AS n GROUP BY status ORDER BY status
-- @ordered

-- @id syntax.from-only
FROM stages

-- @id syntax.values
VALUES (1, 'a'), (2, 'b')

-- @id syntax.table-statement
TABLE stage_reach

-- @id syntax.select-star-exclude
SELECT * EXCLUDE (description, rule) FROM stages ORDER BY stage_order
-- @ordered

-- @id syntax.select-star-replace
SELECT * REPLACE (round(rate, 2) AS rate, round(ci_low, 2) AS ci_low, round(ci_high, 2) AS ci_high) FROM channel_quality ORDER BY channel
-- @ordered

-- @id syntax.columns-expression
SELECT max(COLUMNS('.*_at')) FROM journeys

-- @id syntax.columns-lambda
SELECT min(COLUMNS(c -> c LIKE '%rate%')) FROM stage_conversion

-- @id syntax.group-by-all-order-by-all
SELECT first_channel, status, count(*) AS n FROM journeys GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id syntax.positional-group-order
SELECT first_channel, status, count(*) AS n FROM journeys GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
-- @ordered

-- @id syntax.having
SELECT first_campaign, count(*) AS n FROM journeys GROUP BY 1 HAVING count(*) > 10 ORDER BY 1
-- @ordered

-- @id syntax.filter-clause
SELECT count(*) FILTER (WHERE status = 'converted') AS converted, count(*) FILTER (status = 'dropped') AS dropped, avg(days_to_convert) FILTER (WHERE first_channel = 'email') AS email_days FROM journeys

-- @id syntax.distinct-on
SELECT DISTINCT ON (person_id) person_id, journey_id, started_at FROM journeys ORDER BY person_id, started_at
-- @ordered

-- @id syntax.limit-offset
SELECT journey_id FROM journeys ORDER BY journey_id LIMIT 10 OFFSET 20
-- @ordered

-- @id syntax.fetch-first
SELECT journey_id FROM journeys ORDER BY journey_id DESC FETCH FIRST 5 ROWS ONLY
-- @ordered

-- @id syntax.limit-percent
SELECT journey_id FROM journeys ORDER BY journey_id LIMIT 10%
-- @ordered

-- @id syntax.union-all
SELECT 'journeys' AS t, count(*) AS n FROM journeys UNION ALL SELECT 'events', count(*) FROM events UNION ALL SELECT 'persons', count(*) FROM persons

-- @id syntax.union-by-name
SELECT stage, reached FROM stage_reach UNION ALL BY NAME SELECT reached, stage FROM drop_offs

-- @id syntax.intersect-except
(SELECT person_id FROM journeys WHERE status = 'converted' INTERSECT SELECT person_id FROM events WHERE event = 'webinar_attended')
EXCEPT SELECT person_id FROM events WHERE event = 'support_ticket_opened'

-- @id syntax.order-nulls-last
SELECT journey_id, days_to_convert FROM journeys ORDER BY days_to_convert DESC NULLS LAST, journey_id LIMIT 40
-- @ordered

-- @id syntax.struct-and-list
SELECT {'stage': stage, 'order': stage_order} AS s, [stage_order, min_count] AS l FROM stages ORDER BY stage_order
-- @ordered

-- @id syntax.list-functions
SELECT journey_id, list(stage ORDER BY stage_order) AS stages, len(list(stage)) AS n, list_contains(list(stage), 'converted') AS converted FROM stage_entries GROUP BY 1 ORDER BY 1 LIMIT 30
-- @ordered

-- @id syntax.list-comprehension
SELECT [x * 2 FOR x IN [1, 2, 3] IF x > 1] AS l, list_transform([1, 2, 3], x -> x + 1) AS t, list_filter(['a', 'bb'], s -> len(s) > 1) AS f

-- @id syntax.unnest-range
SELECT unnest(range(1, 5)) AS i, unnest(generate_series(10, 40, 10)) AS j

-- @id syntax.map
SELECT map_from_entries(list({'k': status, 'v': n} ORDER BY status)) AS m FROM (SELECT status, count(*) AS n FROM journeys GROUP BY status)

-- @id syntax.describe
DESCRIBE journeys

-- @id syntax.describe-query
DESCRIBE SELECT status, count(*) AS n FROM journeys GROUP BY status

-- @id syntax.show-tables
SHOW TABLES

-- @id syntax.show-table
SHOW stage_entries

-- @id syntax.summarize
SUMMARIZE SELECT events, days_to_convert FROM journeys

-- @id syntax.pivot
PIVOT (SELECT first_channel, status FROM journeys) ON status USING count(*) GROUP BY first_channel ORDER BY first_channel
-- @ordered

-- @id syntax.pivot-sql-standard
SELECT * FROM (SELECT first_channel, status FROM journeys) PIVOT (count(*) FOR status IN ('converted', 'dropped', 'open')) ORDER BY first_channel
-- @ordered

-- @id syntax.unpivot
UNPIVOT (SELECT stage, reached, skipped, converted_with FROM stage_reach) ON reached, skipped, converted_with INTO NAME measure VALUE n ORDER BY stage, measure
-- @ordered

-- @id syntax.sample-free-count
SELECT count(*) AS n FROM (SELECT * FROM events USING SAMPLE 100 PERCENT (bernoulli))

-- @id syntax.scalar-subquery
SELECT status, count(*) AS n, round(count(*) / (SELECT count(*) FROM journeys), 4) AS share FROM journeys GROUP BY status ORDER BY status
-- @ordered

-- @id syntax.correlated-subquery
SELECT j.journey_id, (SELECT count(*) FROM stage_entries s WHERE s.journey_id = j.journey_id) AS stages FROM journeys j ORDER BY j.journey_id LIMIT 40
-- @ordered

-- @id syntax.macro-free-lambda-reduce
SELECT list_reduce([1, 2, 3, 4], (a, b) -> a + b) AS total, list_sort(['b', 'a', 'c']) AS sorted, array_to_string(['x', 'y'], '-') AS joined


-- @id cte.simple
WITH converted AS (SELECT * FROM journeys WHERE status = 'converted')
SELECT first_channel, count(*) AS n, avg(days_to_convert) AS days FROM converted GROUP BY 1 ORDER BY 1
-- @ordered

-- @id cte.chained
WITH firsts AS (
  SELECT person_id, min(started_at) AS first_start FROM journeys GROUP BY person_id
), cohorts AS (
  SELECT date_trunc('month', first_start) AS cohort, person_id FROM firsts
)
SELECT cohort, count(*) AS persons FROM cohorts GROUP BY cohort ORDER BY cohort
-- @ordered

-- @id cte.materialized
WITH s AS MATERIALIZED (SELECT journey_id, count(*) AS stages FROM stage_entries GROUP BY 1)
SELECT stages, count(*) AS journeys FROM s GROUP BY 1 ORDER BY 1
-- @ordered

-- @id cte.recursive
WITH RECURSIVE steps(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM steps WHERE n < 10)
SELECT n, (SELECT count(*) FROM journeys WHERE events = n) AS journeys FROM steps ORDER BY n
-- @ordered

-- @id cte.recursive-stage-chain
WITH RECURSIVE chain AS (
  SELECT stage_order, stage, stage AS path FROM stages WHERE stage_order = 1
  UNION ALL
  SELECT s.stage_order, s.stage, c.path || ' > ' || s.stage FROM stages s JOIN chain c ON s.stage_order = c.stage_order + 1
)
SELECT * FROM chain ORDER BY stage_order
-- @ordered

-- @id cte.shadowing-a-table-name
WITH journeys AS (SELECT 1 AS journey_id) SELECT count(*) AS n FROM journeys

-- @id cte.used-twice
WITH per_channel AS (SELECT first_channel, count(*) AS n FROM journeys GROUP BY 1)
SELECT a.first_channel, a.n, a.n * 1.0 / (SELECT sum(n) FROM per_channel) AS share FROM per_channel a ORDER BY 1
-- @ordered

-- @id window.row-number
SELECT journey_id, person_id, row_number() OVER (PARTITION BY person_id ORDER BY started_at, journey_id) AS nth FROM journeys ORDER BY journey_id
-- @ordered

-- @id window.rank-dense-rank
SELECT channel, rate, rank() OVER (ORDER BY rate DESC) AS r, dense_rank() OVER (ORDER BY judged DESC) AS dr FROM channel_quality ORDER BY channel
-- @ordered

-- @id window.lag-lead
SELECT stage_order, stage, reached, lag(reached) OVER (ORDER BY stage_order) AS previous, reached - lead(reached, 1, 0) OVER (ORDER BY stage_order) AS lost FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id window.running-total
SELECT day, n, sum(n) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM (SELECT started_at::date AS day, count(*) AS n FROM journeys GROUP BY 1) ORDER BY day
-- @ordered

-- @id window.moving-average
SELECT day, n, avg(n) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg7
FROM (SELECT occurred_at::date AS day, count(*) AS n FROM events GROUP BY 1) ORDER BY day
-- @ordered

-- @id window.range-interval-frame
SELECT day, n, sum(n) OVER (ORDER BY day RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW) AS week
FROM (SELECT occurred_at::date::timestamp AS day, count(*) AS n FROM events GROUP BY 1) ORDER BY day
-- @ordered

-- @id window.share-of-total
SELECT first_channel, count(*) AS n, count(*) / sum(count(*)) OVER () AS share FROM journeys GROUP BY 1 ORDER BY 1
-- @ordered

-- @id window.ntile-percent-rank
SELECT journey_id, events, ntile(4) OVER (ORDER BY events, journey_id) AS quartile, percent_rank() OVER (ORDER BY events) AS pr, cume_dist() OVER (ORDER BY events) AS cd FROM journeys ORDER BY journey_id
-- @ordered

-- @id window.first-last-value
SELECT DISTINCT person_id, first_value(status) OVER w AS first_status, last_value(status) OVER w AS last_status
FROM journeys WINDOW w AS (PARTITION BY person_id ORDER BY started_at, journey_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY person_id
-- @ordered

-- @id window.qualify
SELECT journey_id, stage, entered_at FROM stage_entries QUALIFY row_number() OVER (PARTITION BY journey_id ORDER BY stage_order DESC) = 1 ORDER BY journey_id
-- @ordered

-- @id window.time-between-events
SELECT person_id, event, occurred_at, occurred_at - lag(occurred_at) OVER (PARTITION BY person_id ORDER BY occurred_at, event_id) AS gap
FROM events WHERE person_id <= 5 ORDER BY person_id, occurred_at, event_id
-- @ordered

-- @id window.aggregate-over-partition
SELECT journey_id, stage, hours_from_start, max(hours_from_start) OVER (PARTITION BY journey_id) AS last_hours FROM stage_entries ORDER BY journey_id, stage_order
-- @ordered

-- @id window.sessionisation
SELECT person_id, count(*) AS sessions FROM (
  SELECT person_id, occurred_at,
         CASE WHEN occurred_at - lag(occurred_at) OVER (PARTITION BY person_id ORDER BY occurred_at, event_id) > INTERVAL '30 minutes'
              OR lag(occurred_at) OVER (PARTITION BY person_id ORDER BY occurred_at, event_id) IS NULL THEN 1 ELSE 0 END AS new_session
  FROM events WHERE person_id IS NOT NULL
) WHERE new_session = 1 GROUP BY person_id ORDER BY person_id
-- @ordered

-- @id window.median-window
SELECT first_channel, journey_id, median(events) OVER (PARTITION BY first_channel) AS med FROM journeys ORDER BY journey_id
-- @ordered

-- @id grouping.rollup
SELECT first_channel, status, count(*) AS n FROM journeys GROUP BY ROLLUP (first_channel, status) ORDER BY first_channel NULLS LAST, status NULLS LAST
-- @ordered

-- @id grouping.cube
SELECT first_channel, judged, count(*) AS n, grouping(first_channel, judged) AS g FROM journeys GROUP BY CUBE (first_channel, judged) ORDER BY ALL
-- @ordered

-- @id grouping.grouping-sets
SELECT source, event, count(*) AS n, grouping_id(source, event) AS level FROM events GROUP BY GROUPING SETS ((source, event), (source), ()) ORDER BY ALL
-- @ordered

-- @id grouping.rollup-dates
SELECT date_part('year', started_at) AS y, date_part('quarter', started_at) AS q, date_part('month', started_at) AS m, count(*) AS n
FROM journeys GROUP BY ROLLUP (1, 2, 3) ORDER BY ALL
-- @ordered

-- @id grouping.grouping-label
SELECT CASE WHEN grouping(status) = 1 THEN 'all' ELSE status END AS status, count(*) AS n FROM journeys GROUP BY ROLLUP (status) ORDER BY 1
-- @ordered

-- @id join.journeys-stage-entries
SELECT j.first_channel, s.stage, count(*) AS n FROM journeys j JOIN stage_entries s ON s.journey_id = j.journey_id GROUP BY 1, 2 ORDER BY 1, 2
-- @ordered

-- @id join.journeys-events
SELECT j.status, e.event, count(*) AS n FROM journeys j JOIN events e ON e.journey_id = j.journey_id GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id join.three-way
SELECT j.first_channel, s.stage, e.source, count(*) AS n
FROM journeys j JOIN stage_entries s ON s.journey_id = j.journey_id JOIN events e ON e.event_id = s.triggering_event_id
GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id join.left-join-nulls
SELECT p.person_id, count(j.journey_id) AS journeys FROM persons p LEFT JOIN journeys j ON j.person_id = p.person_id GROUP BY 1 ORDER BY 1
-- @ordered

-- @id join.full-outer
SELECT coalesce(r.stage, d.stage) AS stage, r.reached, d.stalled FROM stage_reach r FULL OUTER JOIN drop_offs d ON d.stage = r.stage ORDER BY 1
-- @ordered

-- @id join.using
SELECT stage, r.reached, c.advanced FROM stage_reach r JOIN (SELECT from_stage AS stage, advanced FROM stage_conversion) c USING (stage) ORDER BY stage
-- @ordered

-- @id join.semi-anti
SELECT (SELECT count(*) FROM persons SEMI JOIN journeys USING (person_id)) AS with_journey, (SELECT count(*) FROM persons ANTI JOIN journeys USING (person_id)) AS without

-- @id join.self-join-next-journey
SELECT a.journey_id, b.journey_id AS next_journey, b.started_at - a.closed_at AS gap
FROM journeys a JOIN journeys b ON b.person_id = a.person_id AND b.started_at > a.started_at ORDER BY 1, 2
-- @ordered

-- @id join.accounts-persons
SELECT a.account_id, a.persons, count(p.person_id) AS listed FROM accounts a LEFT JOIN persons p USING (account_id) GROUP BY 1, 2 ORDER BY 1
-- @ordered

-- @id join.identities-persons
SELECT i.kind, count(DISTINCT p.person_id) AS persons FROM identities i JOIN persons p ON p.person_id = i.person_id GROUP BY 1 ORDER BY 1
-- @ordered

-- @id join.cross-join-stages
SELECT s.stage, c.channel FROM stages s CROSS JOIN channel_quality c ORDER BY 1, 2
-- @ordered

-- @id join.lateral
SELECT j.journey_id, last.event, last.occurred_at
FROM journeys j, LATERAL (SELECT e.event, e.occurred_at FROM events e WHERE e.journey_id = j.journey_id ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT 1) last
ORDER BY j.journey_id
-- @ordered

-- @id join.lateral-join-keyword
SELECT s.stage, t.n FROM stages s JOIN LATERAL (SELECT count(*) AS n FROM stage_entries e WHERE e.stage_order = s.stage_order) t ON true ORDER BY s.stage_order
-- @ordered

-- @id join.lateral-unnest
SELECT t.event, src.s AS source FROM taxonomy t, LATERAL unnest(string_split(t.sources, ',')) AS src(s) ORDER BY 1, 2
-- @ordered

-- @id join.asof
SELECT e.event_id, e.event, s.stage
FROM events e ASOF JOIN stage_entries s ON e.journey_id = s.journey_id AND e.occurred_at >= s.entered_at
WHERE e.journey_id <= 10 ORDER BY e.event_id, s.stage
-- @ordered

-- @id join.positional-free-range
SELECT r.stage, r.reached, c.from_stage FROM stage_reach r LEFT JOIN stage_conversion c ON c.from_order = r.stage_order ORDER BY r.stage_order
-- @ordered

-- @id dashboard.stage-conversion
SELECT from_stage || ' -> ' || to_stage AS step, judged, judged_advanced, rate, ci_low, ci_high, sample_note FROM stage_conversion ORDER BY from_order
-- @ordered

-- @id dashboard.stage-conversion-percent
SELECT from_stage, to_stage, round(100 * rate, 1) AS "rate %", round(100 * ci_low, 1) AS "low %", round(100 * ci_high, 1) AS "high %", round(median_hours / 24, 1) AS median_days FROM stage_conversion ORDER BY from_order
-- @ordered

-- @id dashboard.stage-conversion-went-around
SELECT from_stage, to_stage, advanced, went_around, bypassed, advanced + bypassed AS reached_next FROM stage_conversion WHERE went_around + bypassed > 0 ORDER BY from_order
-- @ordered

-- @id dashboard.stage-conversion-metabase
SELECT "journey"."stage_conversion"."from_stage" AS "from_stage", "journey"."stage_conversion"."rate" AS "rate"
FROM "journey"."stage_conversion" ORDER BY "journey"."stage_conversion"."from_order" ASC LIMIT 2000
-- @ordered

-- @id dashboard.stage-reach
SELECT stage, reached, reached_in_order, reached_out_of_order, skipped FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id dashboard.stage-reach-without
SELECT stage, converted_with, converted_without, round(100 * share_converted_without) AS pct_without FROM stage_reach WHERE converted_without > 0 ORDER BY share_converted_without DESC, stage
-- @ordered

-- @id dashboard.stage-reach-vs-first
SELECT stage, reached, reached * 1.0 / first_value(reached) OVER (ORDER BY stage_order) AS of_first FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id dashboard.drop-offs
SELECT stage, stalled, failed, share, ci_low, ci_high, share_of_all_drop_offs, biggest FROM drop_offs ORDER BY stage_order
-- @ordered

-- @id dashboard.drop-offs-biggest
SELECT stage, stalled, last_events FROM drop_offs WHERE biggest

-- @id dashboard.drop-offs-share-sum
SELECT sum(share_of_all_drop_offs) AS total_share, sum(stalled) AS stalled FROM drop_offs

-- @id dashboard.drop-offs-last-events
SELECT stage, trim(unnest(string_split(last_events, ','))) AS last_event FROM drop_offs ORDER BY stage_order, 2
-- @ordered

-- @id dashboard.channel-quality
SELECT channel, journeys, judged, conversions, rate, ci_low, ci_high, volume_rank, quality_rank, recent_conversions, sample_note FROM channel_quality ORDER BY quality_rank
-- @ordered

-- @id dashboard.channel-quality-vs-volume
SELECT channel, volume_rank - quality_rank AS rank_gain FROM channel_quality ORDER BY rank_gain DESC, channel
-- @ordered

-- @id dashboard.channel-quality-totals
SELECT sum(journeys) AS journeys, sum(judged) AS judged, sum(conversions) AS conversions, sum(conversions) / sum(judged) AS overall_rate FROM channel_quality

-- @id dashboard.channel-quality-recompute
-- @note channel_quality's numbers from journeys, side by side
SELECT c.channel, c.conversions, count(*) FILTER (WHERE j.judged AND j.status = 'converted') AS recomputed
FROM channel_quality c JOIN journeys j ON j.first_channel = c.channel GROUP BY 1, 2 ORDER BY 1
-- @ordered

-- @id dashboard.kpi-tiles
SELECT (SELECT count(*) FROM journeys) AS journeys,
       (SELECT count(*) FROM journeys WHERE status = 'converted') AS converted,
       (SELECT count(*) FROM journeys WHERE status = 'open') AS open,
       (SELECT median(days_to_convert) FROM journeys) AS median_days,
       (SELECT as_of FROM build_info) AS as_of

-- @id dashboard.weekly-conversions
SELECT date_trunc('week', converted_at) AS week, count(*) AS conversions FROM journeys WHERE converted_at IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id dashboard.conversions-by-campaign
SELECT first_campaign, count(*) AS journeys, count(converted_at) AS conversions, round(avg(CASE WHEN status = 'converted' THEN 1.0 ELSE 0 END), 4) AS rate
FROM journeys WHERE judged GROUP BY 1 ORDER BY conversions DESC, 1
-- @ordered

-- @id dashboard.furthest-stage-distribution
SELECT furthest_stage_order, furthest_stage, count(*) AS n FROM journeys GROUP BY ALL ORDER BY 1
-- @ordered

-- @id dashboard.time-in-stage
SELECT stage, quantile_cont(hours_from_start, [0.25, 0.5, 0.75]) AS quartiles, count(*) AS n FROM stage_entries GROUP BY stage ORDER BY stage
-- @ordered

-- @id dashboard.build-freshness
SELECT journey, as_of, as_of_basis, window_days, subject, start_event, success_event FROM build_info

-- @id dashboard.build-log
SELECT phase, source, rows_read, rows_accepted, rows_rejected, first_event_at, last_event_at FROM build_log ORDER BY phase, source NULLS FIRST
-- @ordered

-- @id dashboard.identity-health
SELECT status, count(*) AS identifiers, sum(events) AS events FROM identities GROUP BY status ORDER BY status
-- @ordered

-- @id dashboard.identity-conflicts
SELECT conflict, count(*) AS n, sum(events) AS events FROM identity_conflicts GROUP BY 1 ORDER BY 1
-- @ordered

-- @id dashboard.rejected-reasons
SELECT source, reason, count(*) AS n FROM rejected_events GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id notebook.cohort-retention
WITH cohort AS (
  SELECT person_id, date_trunc('month', min(occurred_at)) AS cohort_month FROM events WHERE person_id IS NOT NULL GROUP BY person_id
), activity AS (
  SELECT DISTINCT e.person_id, date_trunc('month', e.occurred_at) AS month FROM events e WHERE e.person_id IS NOT NULL
)
SELECT c.cohort_month, date_diff('month', c.cohort_month, a.month) AS months_later, count(DISTINCT a.person_id) AS active
FROM cohort c JOIN activity a USING (person_id) GROUP BY 1, 2 ORDER BY 1, 2
-- @ordered

-- @id notebook.time-to-convert-quantiles
SELECT first_channel, count(*) AS n, quantile_cont(days_to_convert, 0.5) AS p50, quantile_cont(days_to_convert, 0.9) AS p90, quantile_disc(days_to_convert, 0.9) AS p90_disc
FROM journeys WHERE status = 'converted' GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.percentile-within-group
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_from_start) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY hours_from_start) AS p95, median(hours_from_start) AS med FROM stage_entries WHERE stage = 'activated'

-- @id notebook.mad-and-stats
SELECT stddev_samp(events) AS sd, var_pop(events) AS var, mad(events) AS mad, skewness(events) AS skew, kurtosis(events) AS kurt, corr(events, days_to_convert) AS r, regr_slope(days_to_convert, events) AS slope FROM journeys

-- @id notebook.histogram-function
SELECT histogram(stages_reached) AS h FROM journeys

-- @id notebook.arg-max
SELECT arg_max(channel, rate) AS best, arg_min(channel, rate) AS worst, max_by(channel, journeys) AS biggest FROM channel_quality

-- @id notebook.bool-aggregates
SELECT journey_id, bool_and(in_order) AS all_in_order, bool_or(NOT in_order) AS any_out FROM stage_entries GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.event-mix-per-journey
SELECT j.status, avg(e.n_events) AS avg_events, avg(e.n_kinds) AS avg_kinds FROM journeys j
JOIN (SELECT journey_id, count(*) AS n_events, count(DISTINCT event) AS n_kinds FROM events GROUP BY 1) e USING (journey_id)
GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.paths-top
SELECT path, count(*) AS journeys FROM (
  SELECT journey_id, string_agg(stage, ' > ' ORDER BY entered_at, stage_order) AS path FROM stage_entries GROUP BY journey_id
) GROUP BY path ORDER BY journeys DESC, path
-- @ordered

-- @id notebook.events-before-conversion
SELECT e.event, count(*) AS n FROM events e JOIN journeys j USING (journey_id)
WHERE j.status = 'converted' AND e.occurred_at < j.converted_at GROUP BY 1 ORDER BY 2 DESC, 1
-- @ordered

-- @id notebook.daily-active-persons
SELECT occurred_at::date AS day, count(DISTINCT person_id) AS active FROM events GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.hour-of-week-heatmap
SELECT isodow(occurred_at) AS dow, hour(occurred_at) AS hour, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL
-- @ordered

-- @id notebook.source-coverage
SELECT source, min(occurred_at) AS first, max(occurred_at) AS last, count(*) AS n, count(DISTINCT person_id) AS persons, count(*) FILTER (WHERE person_id IS NULL) AS anonymous FROM events GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.identity-status-share
SELECT source, identity_status, count(*) AS n, round(count(*) / sum(count(*)) OVER (PARTITION BY source), 4) AS share FROM events GROUP BY source, identity_status ORDER BY ALL
-- @ordered

-- @id notebook.persons-per-account
SELECT persons, count(*) AS accounts FROM accounts GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.open-journeys-age
SELECT journey_id, date_diff('day', started_at, (SELECT as_of FROM build_info)) AS age_days FROM journeys WHERE status = 'open' ORDER BY journey_id
-- @ordered

-- @id notebook.skipped-stages
SELECT skipped_stages, count(*) AS n FROM journeys WHERE skipped_stages IS NOT NULL GROUP BY 1 ORDER BY 1
-- @ordered

-- @id notebook.funnel-by-hand
-- @note the stage funnel recomputed from stage_entries
SELECT stage_order, stage, count(DISTINCT journey_id) AS journeys, count(DISTINCT journey_id) * 1.0 / (SELECT count(*) FROM journeys) AS of_all FROM stage_entries GROUP BY 1, 2 ORDER BY 1
-- @ordered

-- @id notebook.mode-free-entropy
SELECT entropy(event) AS entropy, approx_count_distinct(person_id) > 0 AS some FROM events

-- @id notebook.window-conversion-by-week-started
SELECT date_trunc('week', started_at)::date AS week, count(*) FILTER (WHERE judged) AS judged, count(*) FILTER (WHERE judged AND status = 'converted') AS converted,
       count(*) FILTER (WHERE judged AND status = 'converted') / nullif(count(*) FILTER (WHERE judged), 0) AS rate
FROM journeys GROUP BY 1 ORDER BY 1
-- @ordered

-- @id funnel.positional-arguments
-- @note window 21 is the journey window and mode default the default: the same rows as funnel(steps => ...)
SELECT * FROM funnel('trial_started,setup_step_completed,subscription_paid', 21, 'default')

-- @id funnel.table-wrapper
SELECT * FROM TABLE(funnel(steps => 'trial_started,setup_step_completed,subscription_paid', window_days => 7))

-- @id funnel.upper-case-names
SELECT * FROM FUNNEL(STEPS => 'trial_started,setup_step_completed,subscription_paid', MODE => 'strict_order')

-- @id funnel.positional-two
SELECT * FROM funnel('trial_started,subscription_paid', 30)

-- @id funnel.trailing-semicolon
SELECT step, reached FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid');

-- @id funnel.where-step
SELECT step, event, reached FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid') WHERE step > 1 ORDER BY step
-- @ordered

-- @id funnel.order-desc-limit
SELECT event, reached FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid') ORDER BY step DESC LIMIT 2
-- @ordered

-- @id funnel.aggregates
SELECT count(*) AS steps, sum(reached) AS total, max(reached) AS top, min(rate_from_first) AS last_rate, avg(rate_from_previous) AS avg_previous
FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid')

-- @id funnel.expressions
SELECT step, event || ' (' || reached || ')' AS label, 100 * rate_from_first AS pct FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid') ORDER BY step
-- @ordered

-- @id funnel.lost-per-step
SELECT step, event, reached, lag(reached) OVER (ORDER BY step) - reached AS lost FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid') ORDER BY step
-- @ordered

-- @id funnel.share-of-first-window
SELECT step, reached * 1.0 / first_value(reached) OVER (ORDER BY step) AS of_first, rate_from_first FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid') ORDER BY step
-- @ordered

-- @id funnel.join-taxonomy
SELECT f.step, f.event, t.description, f.reached FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid') AS f JOIN taxonomy t ON t.event = f.event ORDER BY f.step
-- @ordered

-- @id funnel.join-taxonomy-using-table
SELECT step, event, t.events AS events_in_store, reached FROM TABLE(funnel(steps => 'trial_started,feature_used,subscription_paid', window_days => 14)) f JOIN taxonomy t USING (event) ORDER BY step
-- @ordered

-- @id funnel.two-windows
SELECT a.step, a.event, a.reached AS within_3_days, b.reached AS within_21_days
FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid', window_days => 3) a
JOIN funnel(steps => 'trial_started,setup_step_completed,subscription_paid', window_days => 21) b ON b.step = a.step
ORDER BY a.step
-- @ordered

-- @id funnel.modes-union
SELECT 'default' AS mode, step, reached FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid')
UNION ALL
SELECT 'strict_order', step, reached FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid', mode => 'strict_order')
ORDER BY mode, step
-- @ordered

-- @id funnel.cte
WITH f AS (SELECT * FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid', window_days => 14))
SELECT event, reached, rate_from_previous FROM f WHERE sample_note IS NULL ORDER BY step
-- @ordered

-- @id funnel.subquery
SELECT max(reached) - min(reached) AS lost FROM (SELECT reached FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid'))

-- @id funnel.scalar-subquery
SELECT stage, reached, (SELECT reached FROM funnel(steps => 'trial_started') WHERE step = 1) AS trial_subjects FROM stage_reach ORDER BY stage_order
-- @ordered

-- @id funnel.in-subquery
SELECT event, events FROM taxonomy WHERE event IN (SELECT event FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid') WHERE reached > 0) ORDER BY event
-- @ordered

-- @id funnel.column-aliases
SELECT s, e, r FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid') AS f(s, e, r) ORDER BY s
-- @ordered

-- @id funnel.group-by-note
SELECT coalesce(sample_note, 'ok') AS note, count(*) AS steps FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid', window_days => 2) GROUP BY 1 ORDER BY 1
-- @ordered

-- @id funnel.string-agg
SELECT string_agg(event || '=' || reached, ' > ' ORDER BY step) AS path FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid', mode => 'strict_increase')

-- @id funnel.mixed-modes
SELECT step, reached, rate_from_previous FROM funnel(steps => 'trial_started,setup_step_completed,feature_used,subscription_paid', window_days => 10, mode => 'strict_deduplication,strict_increase') ORDER BY step
-- @ordered

-- @id funnel.cast-arguments
SELECT step, reached FROM funnel(steps => 'trial_started,feature_used'::VARCHAR, window_days => CAST(7 AS INTEGER)) ORDER BY step
-- @ordered

-- @id funnel.result-casts
SELECT CAST(step AS VARCHAR) AS s, CAST(reached AS INTEGER) AS r, CAST(rate_from_first AS DECIMAL(6, 4)) AS d FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid') ORDER BY step
-- @ordered

-- @id funnel.lateral-constant
SELECT s.stage, f.reached FROM stages s, LATERAL (SELECT reached FROM funnel(steps => 'trial_started,subscription_paid') WHERE step = 2) f ORDER BY s.stage_order
-- @ordered

-- @id funnel.bind-steps
-- @bind string trial_started,setup_step_completed,subscription_paid
SELECT step, reached FROM funnel(steps => ?) ORDER BY step
-- @ordered

-- @id funnel.bind-window-and-filter
-- @bind int 7
-- @bind int 1
SELECT step, reached FROM funnel(steps => 'trial_started,setup_step_completed,subscription_paid', window_days => ?) WHERE step > ? ORDER BY step
-- @ordered

-- @id funnel.bind-dollar-numbered
-- @bind int 1
-- @bind string trial_started,setup_step_completed,subscription_paid
SELECT step, reached FROM funnel(steps => $2) WHERE step > $1 ORDER BY step
-- @ordered

-- @id funnel.bind-positional-mode
-- @bind string trial_started,setup_step_completed,setup_step_completed,subscription_paid
-- @bind string strict_deduplication
SELECT step, reached FROM funnel(?, 21, ?) ORDER BY step
-- @ordered

-- @id difference.file-access-setting
-- @difference the driver's session locks file and network access away (enable_external_access = false); a DuckDB session opened on the file has it
SELECT current_setting('enable_external_access') AS external_access

-- @id difference.databases
-- @difference the driver's session is an in-memory engine with the store attached as catalog journey, so it also lists the empty in-memory catalog memory
SELECT database_name, readonly FROM duckdb_databases() WHERE NOT internal ORDER BY database_name

-- @id difference.locked-configuration
-- @difference the driver's session has lock_configuration = true
SELECT current_setting('lock_configuration') AS locked

-- @id refused.insert
-- @refused the journey store is read-only
INSERT INTO taxonomy (event) VALUES ('x')

-- @id refused.create-table-as
-- @refused the journey store is read-only
CREATE TABLE copy AS SELECT * FROM journeys

-- @id refused.two-statements
-- @refused one statement at a time
SELECT 1; SELECT 2

-- @id refused.set
-- @refused the journey store is read-only
SET TimeZone = 'Europe/Berlin'

-- @id refused.read-csv
-- @refused disabled by configuration
SELECT * FROM read_csv('/etc/passwd')

-- @id refused.copy
-- @refused the journey store is read-only
COPY journeys TO '/tmp/journeys.csv'

-- @id refused.attach
-- @refused the journey store is read-only
ATTACH '/tmp/other.duckdb' AS other

-- @id refused.install
-- @refused the journey store is read-only
INSTALL httpfs

-- @id refused.funnel-unknown-event
-- @refused funnel: unknown event 'nope'
SELECT * FROM funnel(steps => 'trial_started,nope')

-- @id refused.funnel-missing-steps
-- @refused funnel: steps is required
SELECT * FROM funnel(window_days => 7)


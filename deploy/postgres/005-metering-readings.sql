-- Meter readings, kept narrow: a series (device + ReadingType code) is named once in
-- metering_series and referred to by its bigint id; a value row is (series, time, value,
-- qualities, recorded), keyed by (series_id, ts), so a range read is one index range scan.
-- Times are UTC ticks (100 ns since 0001-01-01, bigint): exact, as DateTimeOffset holds them
-- (timestamptz keeps microseconds only); metering_ticks_to_timestamptz(ts) makes one readable.
-- A value that replaced a different one keeps the earlier version in metering_reading_version
-- (version 1 = the first value stored).
--
-- metering_reading is PARTITIONED BY RANGE (ts), one partition per UTC calendar month, named
-- metering_reading_YYYYMM, created by metering_ensure_reading_partition(month) (the readings
-- writer calls it for every month it is about to write, once per month per process). Rows of a
-- month without a partition land in metering_reading_default (a safety net); creating the
-- month's partition later moves them there.
--
-- Partition lifecycle (retention / archive), per month, oldest first:
--   ALTER TABLE metering_reading DETACH PARTITION metering_reading_202401 CONCURRENTLY;
--   -- archive it (pg_dump -t metering_reading_202401, or COPY ... TO), then
--   DROP TABLE metering_reading_202401;
--   DELETE FROM metering_reading_version
--     WHERE ts < metering_ticks('2024-02-01T00:00:00Z') AND ts >= metering_ticks('2024-01-01T00:00:00Z');
-- A detached month no longer answers queries; re-attach it with
--   ALTER TABLE metering_reading ATTACH PARTITION metering_reading_202401
--     FOR VALUES FROM (metering_ticks('2024-01-01Z')) TO (metering_ticks('2024-02-01Z'));
-- Keep metering_reading_default empty: a row there means a month was written without its
-- partition (metering_ensure_reading_partition moves such rows into the month's partition).

CREATE TABLE IF NOT EXISTS metering_series
(
    series_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id    text COLLATE "C" NOT NULL,
    reading_type text COLLATE "C" NOT NULL,
    UNIQUE (device_id, reading_type)
);

CREATE TABLE IF NOT EXISTS metering_reading
(
    series_id bigint           NOT NULL,
    ts        bigint           NOT NULL,
    value     double precision NOT NULL,
    qualities text             NULL,
    recorded  bigint           NOT NULL,
    PRIMARY KEY (series_id, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE IF NOT EXISTS metering_reading_default PARTITION OF metering_reading DEFAULT;

-- Prior versions are rare (corrections only): one plain table, keyed like the readings.
CREATE TABLE IF NOT EXISTS metering_reading_version
(
    series_id bigint           NOT NULL,
    ts        bigint           NOT NULL,
    version   integer          NOT NULL,
    value     double precision NOT NULL,
    qualities text             NULL,
    recorded  bigint           NOT NULL,
    replaced  bigint           NOT NULL,
    PRIMARY KEY (series_id, ts, version)
);

-- The partition of metering_reading for the UTC month containing `month` (any day of it): created
-- when missing, with the rows of that month that were in the default partition moved into it.
-- Returns the partition's name. Safe to call concurrently (advisory lock per month).
CREATE OR REPLACE FUNCTION metering_ensure_reading_partition(month date) RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    first_day date   := date_trunc('month', month)::date;
    next_day  date   := (date_trunc('month', month) + interval '1 month')::date;
    low       bigint := metering_ticks(first_day::timestamp AT TIME ZONE 'UTC');
    high      bigint := metering_ticks(next_day::timestamp AT TIME ZONE 'UTC');
    name      text   := 'metering_reading_' || to_char(first_day, 'YYYYMM');
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN name;
    END IF;

    PERFORM pg_advisory_xact_lock(hashtext('metering_ensure_reading_partition'), hashtext(name));
    IF to_regclass(name) IS NOT NULL THEN
        RETURN name;
    END IF;

    -- Created apart, filled from the default partition, then attached: CREATE ... PARTITION OF
    -- would fail while the default partition holds rows of that month.
    EXECUTE format('CREATE TABLE %I (LIKE metering_reading INCLUDING DEFAULTS, PRIMARY KEY (series_id, ts), CHECK (ts >= %s AND ts < %s))', name, low, high);
    EXECUTE format('WITH moved AS (DELETE FROM metering_reading_default WHERE ts >= %s AND ts < %s RETURNING *) INSERT INTO %I SELECT * FROM moved', low, high, name);
    EXECUTE format('ALTER TABLE metering_reading ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', name, low, high);
    RETURN name;
END
$$;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>The statements of the PostgreSQL readings store (schema: 005-metering-readings.sql).</summary>
internal static class PostgresReadingSql
{
    /// <summary>
    /// Per writer connection: the staging table a batch is COPYed into. Temporary (private to the
    /// session, not WAL-logged), emptied at every commit. JIT is off for the writer's session: the
    /// merge's cost estimate (an UPDATE over every partition) crosses jit_above_cost, and compiling
    /// it took ~1 s per batch for a ~0.2 s statement.
    /// </summary>
    public const string CreateStage = """
        SET jit = off;
        CREATE TEMP TABLE IF NOT EXISTS metering_reading_stage
        (
            caller    integer          NOT NULL,
            series_id bigint           NOT NULL,
            ts        bigint           NOT NULL,
            value     double precision NOT NULL,
            qualities text             NULL
        ) ON COMMIT DELETE ROWS
        """;

    public const string CopyStage = "COPY metering_reading_stage (caller, series_id, ts, value, qualities) FROM STDIN (FORMAT BINARY)";

    /// <summary>The append path: values believed new, straight into the readings (a stored key fails it: unique violation).</summary>
    public const string CopyReadings = "COPY metering_reading (series_id, ts, value, qualities, recorded) FROM STDIN (FORMAT BINARY)";

    /// <summary>Statistics for the planner: the stage's size and key spread change with every batch.</summary>
    public const string AnalyzeStage = "ANALYZE metering_reading_stage";

    public const string EnsurePartition = "SELECT metering_ensure_reading_partition(@month)";

    /// <summary>Creates the missing series (in key order, so concurrent writers lock in one order).</summary>
    public const string InsertSeries = """
        INSERT INTO metering_series (device_id, reading_type)
        SELECT device_id, reading_type FROM unnest(@devices, @types) AS w(device_id, reading_type)
        ORDER BY device_id, reading_type
        ON CONFLICT (device_id, reading_type) DO NOTHING
        """;

    /// <summary>
    /// Run after <see cref="InsertSeries"/>, as its own statement: it sees series created concurrently
    /// too. With each series, its latest stored timestamp (NULL: none), the writer's high-water mark:
    /// one backward primary-key probe per partition.
    /// </summary>
    public const string SelectSeries = """
        SELECT s.series_id, s.device_id, s.reading_type,
               (SELECT max(r.ts) FROM metering_reading r WHERE r.series_id = s.series_id)
        FROM unnest(@devices, @types) AS w(device_id, reading_type)
        JOIN metering_series s ON s.device_id = w.device_id AND s.reading_type = w.reading_type
        """;

    /// <summary>
    /// The set-based merge of a staged batch, one statement. For every (series_id, ts) of the stage,
    /// the CHAIN is the stored row (if any, caller -1) followed by the staged rows in caller (= queue)
    /// order; each staged row is classified against its predecessor in the chain: none = Inserted,
    /// same value and qualities = Unchanged, else Replaced. Of the rows that set a value (stored,
    /// Inserted, Replaced), every one but the last becomes a prior version (replaced = @now), and the
    /// last one, if staged, is inserted or updated. The result is that of applying the callers one
    /// after another. Stored rows are found by one index range scan per staged series
    /// (min..max ts), pruned to the partitions of that range. Returns per caller its counts.
    /// </summary>
    public const string Merge = """
        WITH keys AS (
            SELECT series_id, min(ts) AS low, max(ts) AS high FROM metering_reading_stage GROUP BY series_id
        ),
        stored AS (
            SELECT r.series_id, r.ts, -1 AS caller, r.value, r.qualities, r.recorded
            FROM keys k
            JOIN metering_reading r ON r.series_id = k.series_id AND r.ts >= k.low AND r.ts <= k.high
            WHERE EXISTS (SELECT 1 FROM metering_reading_stage s WHERE s.series_id = r.series_id AND s.ts = r.ts)
        ),
        chain AS (
            SELECT series_id, ts, caller, value, qualities, recorded FROM stored
            UNION ALL
            SELECT series_id, ts, caller, value, qualities, @now FROM metering_reading_stage
        ),
        classified AS (
            SELECT c.*,
                   CASE WHEN c.caller < 0 THEN 'S'
                        WHEN lag(c.caller) OVER w IS NULL THEN 'I'
                        WHEN c.value = lag(c.value) OVER w AND c.qualities IS NOT DISTINCT FROM lag(c.qualities) OVER w THEN 'U'
                        ELSE 'R' END AS kind
            FROM chain c
            WINDOW w AS (PARTITION BY c.series_id, c.ts ORDER BY c.caller)
        ),
        effective AS (
            SELECT e.*,
                   lead(e.caller) OVER w IS NULL AS last,
                   first_value(e.kind) OVER w = 'S' AS was_stored,
                   row_number() OVER w AS n
            FROM classified e
            WHERE e.kind <> 'U'
            WINDOW w AS (PARTITION BY e.series_id, e.ts ORDER BY e.caller)
        ),
        kept AS (
            INSERT INTO metering_reading_version (series_id, ts, version, value, qualities, recorded, replaced)
            SELECT e.series_id, e.ts, coalesce(m.version, 0) + e.n, e.value, e.qualities, e.recorded, @now
            FROM effective e
            LEFT JOIN LATERAL (
                SELECT max(v.version) AS version FROM metering_reading_version v WHERE v.series_id = e.series_id AND v.ts = e.ts
            ) m ON true
            WHERE NOT e.last
        ),
        inserted AS (
            INSERT INTO metering_reading (series_id, ts, value, qualities, recorded)
            SELECT e.series_id, e.ts, e.value, e.qualities, e.recorded
            FROM effective e
            WHERE e.last AND NOT e.was_stored
        ),
        updated AS (
            UPDATE metering_reading r SET value = e.value, qualities = e.qualities, recorded = e.recorded
            FROM effective e
            WHERE e.last AND e.was_stored AND e.kind <> 'S' AND r.series_id = e.series_id AND r.ts = e.ts
        )
        SELECT caller,
               count(*) FILTER (WHERE kind = 'I')::integer,
               count(*) FILTER (WHERE kind = 'U')::integer,
               count(*) FILTER (WHERE kind = 'R')::integer
        FROM classified
        WHERE caller >= 0
        GROUP BY caller
        """;

    public const string FindSeries = """
        SELECT series_id, device_id, reading_type FROM metering_series WHERE device_id = ANY(@devices)
        """;

    public const string Range = """
        SELECT ts, value, qualities FROM metering_reading
        WHERE series_id = @series AND ts > @after AND ts <= @through
        ORDER BY ts LIMIT @limit
        """;

    /// <summary>Prior versions of one series in a window, in primary-key order, newest version first per timestamp.</summary>
    public const string PriorVersions = """
        SELECT ts, value, qualities, recorded, replaced FROM metering_reading_version
        WHERE series_id = @series AND ts > @after AND ts <= @through
        ORDER BY series_id, ts, version DESC LIMIT @limit
        """;

    public const string History = """
        SELECT r.value, r.qualities, r.recorded, NULL::bigint
        FROM metering_series s JOIN metering_reading r ON r.series_id = s.series_id
        WHERE s.device_id = @device AND s.reading_type = @type AND r.ts = @ts;
        SELECT v.value, v.qualities, v.recorded, v.replaced
        FROM metering_series s JOIN metering_reading_version v ON v.series_id = s.series_id
        WHERE s.device_id = @device AND s.reading_type = @type AND v.ts = @ts
        ORDER BY v.version DESC;
        """;
}

using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Orleans.Metering.Storage.Postgres;

/// <summary>What one <see cref="PostgresCopyBaseline.Run"/> did.</summary>
public sealed record CopyBaselineResult(string Table, int Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The physical limit the readings ingest is compared with: N synthetic narrow reading rows
/// (series_id, ts, value, qualities, recorded; 96 quarter-hour intervals per series) binary-COPYed
/// in ONE transaction into a fresh, normal LOGGED table with the readings' primary key
/// (series_id, ts), then committed (WAL flushed, with the server's fsync setting). The table is
/// dropped and created before the clock starts; Elapsed covers COPY + commit only.
/// </summary>
public static class PostgresCopyBaseline
{
    public const string DefaultTable = "metering_copy_baseline";

    public static async Task<CopyBaselineResult> Run(PostgresDatabase database, int rows, string table = DefaultTable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var name = new NpgsqlCommandBuilder().QuoteIdentifier(table);
        await using var connection = await database.Open(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS {name};
            CREATE TABLE {name}
            (
                series_id bigint           NOT NULL,
                ts        bigint           NOT NULL,
                value     double precision NOT NULL,
                qualities text             NULL,
                recorded  bigint           NOT NULL,
                PRIMARY KEY (series_id, ts)
            );
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var interval = TimeSpan.FromMinutes(15).Ticks;
        var recorded = StoreJson.ToTicks(DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {name} (series_id, ts, value, qualities, recorded) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < rows; i++)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync((long)(i / 96), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(start + (((i % 96) + 1) * interval), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(i * 0.5, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(recorded, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CopyBaselineResult(table, rows, clock.Elapsed);
    }
}

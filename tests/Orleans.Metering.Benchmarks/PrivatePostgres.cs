using System.Diagnostics;
using Npgsql;

namespace Orleans.Metering.Benchmarks;

/// <summary>
/// The PostgreSQL server of a run: the given one, or a private one started with
/// deploy/postgres/start-private.sh in a temporary directory (stopped and removed at the end).
/// Either way the run gets a fresh database, dropped at the end.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string? dataDirectory;
    private readonly string script;
    private readonly string adminConnection;

    private PrivatePostgres(string script, string? dataDirectory, string adminConnection, string database)
    {
        this.script = script;
        this.dataDirectory = dataDirectory;
        this.adminConnection = adminConnection;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
    }

    /// <summary>Connection string of the fresh database.</summary>
    public string ConnectionString { get; }

    public string Database { get; }

    public bool IsPrivate => dataDirectory is not null;

    /// <summary>The private server's postmaster process id (first line of postmaster.pid), or null for a given server.</summary>
    public int? PostmasterPid
    {
        get
        {
            var file = dataDirectory is null ? null : Path.Combine(dataDirectory, "postmaster.pid");
            return file is not null && File.Exists(file) && int.TryParse(File.ReadLines(file).First(), out var pid) ? pid : null;
        }
    }

    public static async Task<PrivatePostgres> Start(string repositoryRoot, string? connection)
    {
        var script = Path.Combine(repositoryRoot, "deploy", "postgres", "start-private.sh");
        string? directory = null;
        if (connection is null)
        {
            directory = Path.Combine(Path.GetTempPath(), "metering-bench-pg-" + Guid.NewGuid().ToString("N")[..12]);
            var output = await Bash(script, directory);
            connection = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("Host=", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("start-private.sh printed no connection string");
            Console.WriteLine($"started a private PostgreSQL in {directory}: {connection}");
        }

        var database = "metering_bench_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "_" + Environment.ProcessId;
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new PrivatePostgres(script, directory, connection, database);
    }

    /// <summary>Server version and durability settings, for the record.</summary>
    public async Task<Dictionary<string, string>> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "wal_level", "shared_buffers", "max_wal_size", "full_page_writes" })
        {
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            settings[name] = (await show.ExecuteScalarAsync())?.ToString() ?? "";
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (dataDirectory is not null)
        {
            await Bash(script, "--stop", dataDirectory);
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.WriteLine($"could not remove {dataDirectory}: {e.Message}");
            }

            return;
        }

        try
        {
            await using var admin = new NpgsqlConnection(adminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.WriteLine($"could not drop database {Database}: {e.Message}");
        }
    }

    private static async Task<string> Bash(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bash {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}

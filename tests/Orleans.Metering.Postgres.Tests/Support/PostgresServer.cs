using System.Diagnostics;
using Npgsql;

namespace Orleans.Metering.Postgres.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: METERING_PG_CONNECTION when set (CI starts a private server
/// and sets it), else a private server started here with deploy/postgres/start-private.sh when the
/// PostgreSQL binaries are installed. When neither is possible the PostgreSQL tests are skipped,
/// and say why.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "METERING_PG_CONNECTION";

    private static readonly Lazy<(string? Connection, string? Why)> Server = new(Start);

    public static string? ConnectionString => Server.Value.Connection;

    public static string? Unavailable => Server.Value.Why;

    /// <summary>A new, empty database on the server; returns its connection string.</summary>
    public static async Task<string> CreateDatabase(string prefix)
    {
        var server = ConnectionString ?? throw new InvalidOperationException(Unavailable);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabase(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static (string?, string?) Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return (given, null);
        }

        var script = FindScript();
        if (script is null)
        {
            return (null, "deploy/postgres/start-private.sh not found");
        }

        var data = Path.Combine(Path.GetTempPath(), "metering-pg-" + Environment.ProcessId);
        var (code, output) = Run(script, data);
        // The script prints warnings too (stderr, read here with stdout): the connection is the Host= line.
        var connection = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Host=", StringComparison.Ordinal));
        if (code != 0 || connection is null)
        {
            Run(script, "--stop", data);
            return (null, $"no PostgreSQL server: set {EnvironmentVariable} or install PostgreSQL (.ci/run does): {output.Trim()}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(script, "--stop", data);
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return (connection, null);
    }

    private static (int, string) Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "postgres", "start-private.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A test that needs PostgreSQL: skipped, with the reason, when no server can be had.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>A fresh database per test class, dropped afterwards.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (PostgresServer.Unavailable is null)
        {
            ConnectionString = await PostgresServer.CreateDatabase("metering_test");
        }
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length > 0)
        {
            await PostgresServer.DropDatabase(ConnectionString);
        }
    }
}

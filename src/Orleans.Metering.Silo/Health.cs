using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Metering.Gateway;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Sqlite;
using Orleans.Runtime;

namespace Orleans.Metering.Silo;

/// <summary>Can the platform's database be reached right now?</summary>
public interface IDatabaseProbe
{
    /// <summary>What is probed, as an operator would name it (e.g. "PostgreSQL 127.0.0.1:5432/metering").</summary>
    string Name { get; }

    Task Check(CancellationToken cancellationToken);

    /// <summary>Called when the database answers again after an outage: drop pooled connections that died with it.</summary>
    void Recovered();
}

public sealed class SqliteProbe(SqliteDatabase database) : IDatabaseProbe
{
    public string Name => "SQLite " + database.Path;

    public async Task Check(CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public void Recovered()
    {
    }
}

/// <summary>
/// Opens a fresh, unpooled connection per probe (its own, never one of the store's pool), so that a
/// busy pool is not taken for a database that is down, and a database that came back is seen at once.
/// </summary>
public sealed class PostgresProbe : IDatabaseProbe
{
    private readonly string connectionString;
    private readonly PostgresDatabase database;

    public PostgresProbe(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, Timeout = 3, ApplicationName = "metering-probe" };
        connectionString = builder.ConnectionString;
        Name = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public string Name { get; }

    public async Task Check(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Idle connections of the stores' data source and of the Orleans ADO.NET providers' pools died with the server.</summary>
    public void Recovered()
    {
        database.DataSource.Clear();
        NpgsqlConnection.ClearAllPools();
    }
}

public sealed class NoDatabaseProbe : IDatabaseProbe
{
    public string Name => "in-memory storage";

    public Task Check(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Recovered()
    {
    }
}

/// <summary>
/// Probes the database every <see cref="HealthOptions.ProbeInterval"/> and keeps the last answer:
/// readiness reports it, and the gateway refuses requests with 5.2 while the database is down
/// (<see cref="IPlatformAvailability"/>) instead of letting them hang on it. The first good probe
/// after an outage opens the gateway again; nothing has to be restarted.
/// </summary>
public sealed partial class DatabaseMonitor(IDatabaseProbe probe, IOptions<HealthOptions> options, ILogger<DatabaseMonitor> logger)
    : BackgroundService, IPlatformAvailability
{
    private readonly TimeSpan interval = options.Value.ProbeInterval;
    private readonly TimeSpan timeout = options.Value.ProbeTimeout;
    private volatile string? down;
    private long lastProbeTicks;

    public string Name => probe.Name;

    /// <summary>Why the database counts as unreachable, or null.</summary>
    public string? Unavailable => down;

    /// <summary>True once at least one probe finished.</summary>
    public bool HasProbed => Interlocked.Read(ref lastProbeTicks) != 0;

    /// <summary>Probes now and records the answer; returns it (null = reachable).</summary>
    public async Task<string?> ProbeNow(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        string? why;
        try
        {
            await probe.Check(bounded.Token);
            why = null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            why = $"{probe.Name} unreachable: {(e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : e.Message)}";
        }

        var was = down;
        if (was is not null && why is null)
        {
            probe.Recovered();
        }

        down = why;
        Interlocked.Exchange(ref lastProbeTicks, DateTimeOffset.UtcNow.Ticks);
        if (was is null && why is not null)
        {
            LogDown(logger, why);
        }
        else if (was is not null && why is null)
        {
            LogUp(logger, probe.Name);
        }

        return why;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            await ProbeNow(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database down, the gateway refuses requests with 5.2: {Why}")]
    private static partial void LogDown(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Name} reachable again, the gateway serves requests")]
    private static partial void LogUp(ILogger logger, string name);
}

/// <summary>Ready when the database answers (the monitor's last probe, or one now).</summary>
public sealed class DatabaseHealthCheck(DatabaseMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var why = monitor.HasProbed ? monitor.Unavailable : await monitor.ProbeNow(cancellationToken);
        return why is null
            ? HealthCheckResult.Healthy($"{monitor.Name} reachable")
            : HealthCheckResult.Unhealthy(why);
    }
}

/// <summary>Ready when this silo is an active member of the cluster.</summary>
public sealed class ClusterHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = oracle.CurrentStatus;
        var active = oracle.GetApproximateSiloStatuses(onlyActive: true).Count;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo active; {active} active silo(s) in the cluster")
            : HealthCheckResult.Unhealthy($"silo is {status}"));
    }
}

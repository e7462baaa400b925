using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Metering.Storage.Postgres;
using Orleans.Metering.Storage.Sqlite;
using Orleans.Runtime;

namespace Orleans.Metering.Silo;

/// <summary>Can the platform's database be reached right now?</summary>
public interface IDatabaseProbe
{
    Task Check(CancellationToken cancellationToken);
}

public sealed class SqliteProbe(SqliteDatabase database) : IDatabaseProbe
{
    public async Task Check(CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}

public sealed class PostgresProbe(PostgresDatabase database) : IDatabaseProbe
{
    public async Task Check(CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}

public sealed class NoDatabaseProbe : IDatabaseProbe
{
    public Task Check(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Ready when the database answers within 2 s.</summary>
public sealed class DatabaseHealthCheck(IDatabaseProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await probe.Check(timeout.Token);
            return HealthCheckResult.Healthy("database reachable");
        }
#pragma warning disable CA1031 // any failure to reach the database makes the silo not ready
        catch (Exception e)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + e.Message);
        }
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

using System.Diagnostics;
using Npgsql;

namespace Orleans.Metering.Cluster.Tests.Support;

/// <summary>
/// A PostgreSQL server of this test run only (deploy/postgres/start-private.sh in its own data
/// directory, on its own port), so that it can be stopped and started again without touching the
/// server other test assemblies share (METERING_PG_CONNECTION).
/// </summary>
public sealed class PrivatePostgres
{
    private PrivatePostgres(string script, string dataDirectory, string serverConnection)
    {
        Script = script;
        DataDirectory = dataDirectory;
        ServerConnection = serverConnection;
        Port = new NpgsqlConnectionStringBuilder(serverConnection).Port;
    }

    public string Script { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>Connection string to the server's maintenance database.</summary>
    public string ServerConnection { get; }

    /// <summary>Starts a server, or returns why none can be had.</summary>
    public static (PrivatePostgres? Server, string? Why) TryStart(string repositoryRoot, string dataDirectory)
    {
        var script = Path.Combine(repositoryRoot, "deploy", "postgres", "start-private.sh");
        if (!File.Exists(script))
        {
            return (null, script + " not found");
        }

        var (code, output) = Shell.Run("bash", script, dataDirectory);
        // The script prints warnings too (on stderr, merged here): the connection is the Host= line.
        var connection = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Host=", StringComparison.Ordinal));
        if (code == 0 && connection is not null)
        {
            return (new PrivatePostgres(script, dataDirectory, connection), null);
        }

        Shell.Run("bash", script, "--stop", dataDirectory); // never leave a half-started server behind
        return (null, "no private PostgreSQL server (install PostgreSQL; .ci/run does): " + output.Trim());
    }

    public async Task<string> CreateDatabase(string name)
    {
        await using (var connection = new NpgsqlConnection(ServerConnection))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnection) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server the hard way (pg_ctl -m immediate: no checkpoint, crash recovery at the next start).</summary>
    public void StopImmediately()
    {
        var pgCtl = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).FirstOrDefault(File.Exists) ?? "pg_ctl";
        var (code, output) = Environment.UserName == "root" || Shell.Run("id", "-u").Output.Trim() == "0"
            ? Shell.Run("runuser", "-u", "postgres", "--", pgCtl, "-D", DataDirectory, "-m", "immediate", "-w", "stop")
            : Shell.Run(pgCtl, "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        if (code != 0)
        {
            throw new InvalidOperationException("pg_ctl stop failed: " + output);
        }
    }

    /// <summary>Starts the server again on the same data directory and port.</summary>
    public void StartAgain()
    {
        var (code, output) = Shell.Run("bash", Script, DataDirectory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException("start-private.sh failed: " + output);
        }
    }

    public void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        Shell.Run("bash", Script, "--stop", DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public static class Shell
{
    public static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd() + stderr.Result;
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, e.Message);
        }
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Metering.Storage.Sqlite;

namespace Orleans.Metering.Storage.Tests;

/// <summary>A fresh data directory per test, deleted (with its pooled connections) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metering-storage-tests-" + Guid.NewGuid().ToString("N"));
        Options = new MeteringStorageOptions { DataDirectory = Directory };
        Database = Open();
    }

    public string Directory { get; }

    public MeteringStorageOptions Options { get; }

    public SqliteDatabase Database { get; }

    /// <summary>A second, independent SqliteDatabase on the same file.</summary>
    public SqliteDatabase Open() => new(Options, NullLogger<SqliteDatabase>.Instance);

    public void Dispose()
    {
        using (var connection = new SqliteConnection(Database.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

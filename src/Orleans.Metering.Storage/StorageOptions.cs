namespace Orleans.Metering.Storage;

public enum StorageKind
{
    /// <summary>Embedded SQLite file under the data directory (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL (production): Orleans clustering, grain state and reminders, readings and events.</summary>
    Postgres,

    /// <summary>In-memory, for tests only: nothing survives a restart.</summary>
    Memory,
}

/// <summary>The <c>Metering</c> configuration section's storage settings.</summary>
public sealed class MeteringStorageOptions
{
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>Where the embedded database lives.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>File name of the embedded database inside <see cref="DataDirectory"/>.</summary>
    public string DatabaseFile { get; set; } = "metering.db";

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFile));

    /// <summary>How grain state is written (<c>Metering:GrainStateFormat</c>); both formats are always read.</summary>
    public GrainStateFormat GrainStateFormat { get; set; } = GrainStateFormat.Binary;
}

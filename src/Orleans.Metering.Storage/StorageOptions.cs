using System.ComponentModel.DataAnnotations;

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
public sealed class MeteringStorageOptions : IValidatableObject
{
    /// <summary>Which database the platform keeps its state in.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>Where the embedded database lives (relative: to the content root).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>File name of the embedded database inside <see cref="DataDirectory"/>.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "metering.db";

    /// <summary>With PostgreSQL: apply the schema scripts at start-up; false when an operator runs <c>migrate</c>.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFile));

    /// <summary>How grain state is written (<c>Metering:GrainStateFormat</c>); both formats are always read.</summary>
    public GrainStateFormat GrainStateFormat { get; set; } = GrainStateFormat.Binary;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Storage == StorageKind.Sqlite && string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return new ValidationResult("must name a directory", [nameof(DataDirectory)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Orleans.Metering.HeadEnd;

/// <summary>Which head-end the silo talks to (<c>Metering:HeadEnd:Mode</c>).</summary>
public enum HeadEndMode
{
    /// <summary>The simulated head-end inside the silo: for the embedded single silo, demos and tests.</summary>
    Simulated,

    /// <summary>An external head-end process at <see cref="HeadEndOptions.Url"/> (production).</summary>
    Http,
}

/// <summary>The silo's head-end settings (<c>Metering:HeadEnd</c>).</summary>
public sealed class HeadEndOptions
{
    /// <summary>
    /// Simulated or Http. Unset: Http when <see cref="Url"/> is set, else Simulated on the embedded
    /// storages (Sqlite, Memory); on Postgres (a cluster) it must then be set, so that no cluster runs
    /// on simulated devices by accident.
    /// </summary>
    public HeadEndMode? Mode { get; set; }

    /// <summary>Base address of the external head-end (e.g. http://127.0.0.1:5070); required with Mode=Http.</summary>
    public Uri? Url { get; set; }

    /// <summary>How long one call to the head-end may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

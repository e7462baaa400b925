using System.ComponentModel.DataAnnotations;
using Orleans.Metering.Abstractions.Options;

namespace Orleans.Metering.Silo;

/// <summary>The <c>Metering</c> hosting settings (storage settings: <see cref="Storage.MeteringStorageOptions"/>).</summary>
public sealed class MeteringHostOptions
{
    /// <summary>Orleans Kubernetes hosting: the pod's name and labels give the silo and cluster ids.</summary>
    public bool Kubernetes { get; set; }
}

/// <summary>The silo's place in its Orleans cluster (<c>Orleans</c>).</summary>
public sealed class OrleansHostingOptions : IValidatableObject
{
    /// <summary>The cluster the silo joins (unless <see cref="MeteringHostOptions.Kubernetes"/>, where the pod says).</summary>
    [Required]
    public string ClusterId { get; set; } = "metering";

    /// <summary>The service whose grain state and reminders the silo uses; stays the same across deployments.</summary>
    [Required]
    public string ServiceId { get; set; } = "orleans-metering";

    /// <summary>Port of silo-to-silo traffic.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With PostgreSQL: the address other silos reach this one at.</summary>
    [Required]
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>With PostgreSQL: listen on all interfaces rather than the advertised address only.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.Net.IPAddress.TryParse(AdvertisedIP, out _))
        {
            yield return new ValidationResult($"must be an IP address, not '{AdvertisedIP}'", [nameof(AdvertisedIP)]);
        }
    }
}

/// <summary>The database probe behind readiness and 5.2 answers (<c>Metering:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>How often the database is probed.</summary>
    [Positive]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A probe that takes longer counts as the database being down.</summary>
    [Positive]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>The Orleans Dashboard (<c>Metering:Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where the dashboard is served.</summary>
    [Required]
    public string Path { get; set; } = "/dashboard";
}

/// <summary>Metrics export besides /metrics (<c>Metering:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>An OTLP collector to push metrics to; unset: only the Prometheus endpoint.</summary>
    public Uri? OtlpEndpoint { get; set; }
}

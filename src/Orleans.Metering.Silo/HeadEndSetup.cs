using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;
using Orleans.Metering.Cim.Xml;
using Orleans.Metering.HeadEnd;
using Orleans.Metering.Simulation;
using Orleans.Metering.Storage;

namespace Orleans.Metering.Silo;

/// <summary>
/// Which head-end the silo talks to (<see cref="HeadEndOptions"/>): Http, an external head-end process
/// at <c>Metering:HeadEnd:Url</c> shared by all silos (<see cref="HttpHeadEndAdapter"/>), or Simulated,
/// the in-process <see cref="SimulatedHeadEnd"/>. Simulated is the default only on the embedded
/// storages; a cluster (Postgres) must ask for it. Either way the silo takes outcomes on
/// POST /headend/outcomes and hands them to the device grain.
/// </summary>
public static class HeadEndSetup
{
    public const string Section = "Metering:HeadEnd";

    /// <exception cref="OptionsValidationException">The settings do not name a head-end the silo can use.</exception>
    public static void Configure(WebApplicationBuilder builder, StorageKind storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var section = builder.Configuration.GetSection(Section);
        builder.Services.AddOptions<HeadEndOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        // Decided now, before storage is opened or migrated: a cluster without a head-end stops here.
        // TryAdd: a host (tests, benchmarks) that registered its own adapter first keeps it.
        switch (ModeOf(section.Get<HeadEndOptions>() ?? new HeadEndOptions(), storage))
        {
            case HeadEndMode.Http:
                builder.Services.AddHttpClient(nameof(HttpHeadEndAdapter));
                builder.Services.TryAddSingleton<IHeadEndAdapter>(sp => new HttpHeadEndAdapter(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HttpHeadEndAdapter)),
                    sp.GetRequiredService<IOptions<HeadEndOptions>>()));
                break;
            default:
                builder.Services.Configure<SimulatedHeadEndOptions>(builder.Configuration.GetSection("Metering:SimulatedHeadEnd"));
                builder.Services.AddSingleton<SimulatedHeadEnd>();
                builder.Services.TryAddSingleton<IHeadEndAdapter>(sp => sp.GetRequiredService<SimulatedHeadEnd>());
                break;
        }
    }

    /// <summary>The head-end the settings ask for on <paramref name="storage"/>.</summary>
    /// <exception cref="OptionsValidationException">Mode=Http without a Url, Mode=Simulated with one, or Postgres with neither Mode nor Url.</exception>
    public static HeadEndMode ModeOf(HeadEndOptions options, StorageKind storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.Mode, options.Url) switch
        {
            (HeadEndMode.Http, null) => throw Invalid(
                "Metering:HeadEnd:Mode=Http needs Metering:HeadEnd:Url, the head-end's base address (e.g. --Metering:HeadEnd:Url=http://127.0.0.1:5070)"),
            (HeadEndMode.Simulated, not null) => throw Invalid(
                $"Metering:HeadEnd:Mode=Simulated but Metering:HeadEnd:Url is set ({options.Url}): remove the Url, or set Mode=Http to use that head-end"),
            (HeadEndMode mode, _) => mode,
            (null, not null) => HeadEndMode.Http,
            (null, null) when storage == StorageKind.Postgres => throw Invalid(
                "Metering:Storage=Postgres (a cluster) needs a head-end: set Metering:HeadEnd:Url to the head-end's base address "
                + "(e.g. --Metering:HeadEnd:Url=http://127.0.0.1:5070), or set Metering:HeadEnd:Mode=Simulated to run every silo on simulated devices on purpose"),
            (null, null) => HeadEndMode.Simulated,
        };
    }

    private static OptionsValidationException Invalid(string message) =>
        new(Section, typeof(HeadEndOptions), [message]);

    /// <summary>POST /headend/outcomes: 204 once the device took the outcome, 503 (retry) when it could not be reached.</summary>
    public static void MapOutcomes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(HeadEndWire.OutcomesPath, async (OutcomeReport report, IHeadEndOutcomeSink sink) =>
        {
            if (string.IsNullOrWhiteSpace(report.DeviceId) || report.Outcome is null || string.IsNullOrWhiteSpace(report.Outcome.ControlId))
            {
                return Results.BadRequest("deviceId and outcome.controlId are required");
            }

            // What XML cannot carry (NUL and other control characters) cannot go into a CIM reply or an
            // event either; PostgreSQL refuses NUL in text and jsonb.
            foreach (var (field, text) in new[] { ("deviceId", report.DeviceId), ("outcome.controlId", report.Outcome.ControlId), ("outcome.reason", report.Outcome.Reason) })
            {
                if (text is not null && !XmlText.IsWritable(text))
                {
                    return Results.BadRequest($"{field} contains a character XML cannot carry (a control character such as U+0000, U+FFFE or U+FFFF, or a lone surrogate)");
                }
            }

            try
            {
                await sink.Report(report.DeviceId, report.Outcome);
                return Results.NoContent();
            }
#pragma warning disable CA1031 // the head-end retries: any failure to hand over the outcome is a 503
            catch (Exception e)
#pragma warning restore CA1031
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}

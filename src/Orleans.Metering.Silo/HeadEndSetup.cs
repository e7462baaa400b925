using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Orleans.Metering.HeadEnd;

namespace Orleans.Metering.Silo;

/// <summary>
/// Which head-end the silo talks to: with <c>Metering:HeadEnd:Url</c> an external head-end process
/// (<see cref="HttpHeadEndAdapter"/>, shared by all silos, e.g. the <c>headend</c> command), else the
/// in-process <see cref="SimulatedHeadEnd"/>. Either way the silo takes outcomes on
/// POST /headend/outcomes and hands them to the device grain.
/// </summary>
public static class HeadEndSetup
{
    public static void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var section = builder.Configuration.GetSection("Metering:HeadEnd");
        builder.Services.Configure<HttpHeadEndOptions>(section);
        if (section["Url"] is { Length: > 0 })
        {
            builder.Services.AddHttpClient(nameof(HttpHeadEndAdapter));
            builder.Services.AddSingleton<IHeadEndAdapter>(sp => new HttpHeadEndAdapter(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HttpHeadEndAdapter)),
                sp.GetRequiredService<IOptions<HttpHeadEndOptions>>()));
        }
    }

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
                if (text is not null && !IsXmlText(text))
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

    private static bool IsXmlText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (System.Xml.XmlConvert.IsXmlChar(text[i]))
            {
                continue;
            }

            if (i + 1 < text.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Orleans.Metering.Abstractions;

namespace Orleans.Metering.HeadEnd;

/// <summary>
/// Talks to a head-end that runs as its own process (see <see cref="HeadEndWire"/>). Every call is
/// bounded by <see cref="HeadEndOptions.Timeout"/>; a refused or timed-out call throws, which the
/// device grain reports (Execute: the control fails with the reason; Ping: reconciliation waits).
/// Outcomes come back to the platform's POST /headend/outcomes, not through this adapter.
/// </summary>
public sealed class HttpHeadEndAdapter(HttpClient http, IOptions<HeadEndOptions> options) : IHeadEndAdapter
{
    private readonly Uri baseUrl = options.Value.Url ?? throw new OptionsValidationException("Metering:HeadEnd", typeof(HeadEndOptions), ["Metering:HeadEnd:Url is required with Metering:HeadEnd:Mode=Http"]);

    public async Task Execute(HeadEndCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var timeout = Bounded(cancellationToken);
        using var response = await http.PostAsJsonAsync(new Uri(baseUrl, HeadEndWire.CommandsPath), command, HeadEndWire.Json, timeout.Token).ConfigureAwait(false);
        await EnsureSuccess(response, "execute " + command.ControlId, timeout.Token).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RegisterRead>> ReadNow(string deviceId, IReadOnlyList<string> readingTypes, CancellationToken cancellationToken = default)
    {
        using var timeout = Bounded(cancellationToken);
        using var response = await http.PostAsJsonAsync(new Uri(baseUrl, HeadEndWire.ReadPath), new ReadNowRequest(deviceId, readingTypes), HeadEndWire.Json, timeout.Token).ConfigureAwait(false);
        await EnsureSuccess(response, "read " + deviceId, timeout.Token).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<List<RegisterRead>>(HeadEndWire.Json, timeout.Token).ConfigureAwait(false) ?? [];
    }

    public async Task<DevicePing> Ping(string deviceId, CancellationToken cancellationToken = default)
    {
        using var timeout = Bounded(cancellationToken);
        using var response = await http.GetAsync(new Uri(baseUrl, HeadEndWire.PingPath + "/" + Uri.EscapeDataString(deviceId)), timeout.Token).ConfigureAwait(false);
        await EnsureSuccess(response, "ping " + deviceId, timeout.Token).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<DevicePing>(HeadEndWire.Json, timeout.Token).ConfigureAwait(false)
            ?? throw new HttpRequestException($"The head-end answered ping {deviceId} with an empty body");
    }

    private CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.Value.Timeout);
        return cts;
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"The head-end refused {what}: HTTP {(int)response.StatusCode} {body}", null, response.StatusCode);
        }
    }
}

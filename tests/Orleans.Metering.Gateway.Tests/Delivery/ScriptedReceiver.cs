using System.Collections.Concurrent;
using System.Net;

namespace Orleans.Metering.Gateway.Tests.Delivery;

/// <summary>
/// A ReplyAddress without a network: records every POST and answers what the script says for the
/// n-th attempt of that body. Shared by several delivery services, like one receiver by several silos.
/// </summary>
public sealed class ScriptedReceiver(Func<string, int, HttpStatusCode> answer) : HttpMessageHandler, IHttpClientFactory
{
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);

    /// <summary>Every POST in arrival order: the body and the answer given.</summary>
    public ConcurrentQueue<(string Address, string Body, HttpStatusCode Status)> Posts { get; } = new();

    /// <summary>Awaited before answering a POST (e.g. to hold a delivery in flight, or to move the clock).</summary>
    public Func<string, Task>? BeforeAnswer { get; set; }

    /// <summary>Answers 500 to the first <paramref name="failures"/> attempts of each reply, then 200.</summary>
    public static ScriptedReceiver FailingFirst(int failures) =>
        new((_, attempt) => attempt <= failures ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);

    public IReadOnlyList<HttpStatusCode> AnswersTo(string body) => [.. Posts.Where(p => p.Body == body).Select(p => p.Status)];

    public IReadOnlyList<string> DeliveredTo(string address) => [.. Posts.Where(p => p.Address == address && p.Status == HttpStatusCode.OK).Select(p => p.Body)];

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        if (BeforeAnswer is { } before)
        {
            await before(body);
        }

        var status = answer(body, attempts.AddOrUpdate(body, 1, (_, n) => n + 1));
        Posts.Enqueue((request.RequestUri!.ToString(), body, status));
        return new HttpResponseMessage(status);
    }
}

using Orleans.Metering.Cim.Messages;

namespace Orleans.Metering.Gateway;

/// <summary>Handles the requests for one noun.</summary>
public interface ICimHandler
{
    string Noun { get; }

    /// <summary>The verbs this handler answers (lower case).</summary>
    IReadOnlyCollection<string> Verbs { get; }

    /// <summary>Answers a request that has a Header with a supported Verb and Noun and a MessageID.</summary>
    Task<CimMessage> Handle(CimMessage request, CancellationToken cancellationToken);
}

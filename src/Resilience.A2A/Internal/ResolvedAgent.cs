namespace Resilience.A2A.Internal;

/// <summary>An agent card with what the client derived from it: the endpoint, the version and the credential headers. Immutable.</summary>
internal sealed class ResolvedAgent(A2AAgentCard card, IReadOnlyList<KeyValuePair<string, string>> headers)
{
    public A2AAgentCard Card { get; } = card;

    public A2AProtocolVersion Version => Card.ProtocolVersion;

    public Uri Endpoint => Card.Endpoint.Url;

    /// <summary>Gets the credential headers; empty when the endpoint is on another origin than the agent's base address.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;
}

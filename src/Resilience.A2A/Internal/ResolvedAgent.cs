namespace Resilience.A2A.Internal;

/// <summary>An agent card with what the client derived from it: the endpoint, the version, the schemes credentials may be
/// sent for and the headers of the fixed credentials. Immutable.</summary>
internal sealed class ResolvedAgent(
    A2AAgentCard card,
    IReadOnlyList<KeyValuePair<string, A2ASecurityScheme>> schemes,
    IReadOnlyList<KeyValuePair<string, string>> headers)
{
    public A2AAgentCard Card { get; } = card;

    public A2AProtocolVersion Version => Card.ProtocolVersion;

    public Uri Endpoint => Card.Endpoint.Url;

    /// <summary>Gets the declared header schemes; empty when the endpoint is on another origin than the agent's base address.</summary>
    public IReadOnlyList<KeyValuePair<string, A2ASecurityScheme>> Schemes { get; } = schemes;

    /// <summary>Gets the headers of the fixed credentials (<see cref="A2AClientOptions.Credentials"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;
}

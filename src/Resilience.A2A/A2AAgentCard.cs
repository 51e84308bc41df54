namespace Resilience.A2A;

/// <summary>An agent's self-description, as far as a client needs it.</summary>
public sealed class A2AAgentCard
{
    /// <summary>Gets the agent's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Gets the agent's description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the agent's version.</summary>
    public string? Version { get; init; }

    /// <summary>Gets the URL the card was fetched from.</summary>
    public Uri CardUrl { get; init; } = null!;

    /// <summary>Gets the interfaces the agent offers, preferred first.</summary>
    public IReadOnlyList<A2AAgentInterface> Interfaces { get; init; } = [];

    /// <summary>Gets a value indicating whether the agent supports streaming.</summary>
    public bool SupportsStreaming { get; init; }

    /// <summary>Gets the security schemes the agent declares, by name.</summary>
    public IReadOnlyDictionary<string, A2ASecurityScheme> SecuritySchemes { get; init; } = new Dictionary<string, A2ASecurityScheme>();

    /// <summary>Gets the JSON-RPC interface the client chose to talk to.</summary>
    public A2AAgentInterface Endpoint { get; init; } = null!;

    /// <summary>Gets the protocol version the client chose for <see cref="Endpoint"/>.</summary>
    public A2AProtocolVersion ProtocolVersion { get; init; }
}

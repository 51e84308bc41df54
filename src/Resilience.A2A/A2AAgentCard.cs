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

    /// <summary>Gets who provides the agent, if the card says.</summary>
    public A2AAgentProvider? Provider { get; init; }

    /// <summary>Gets the agent's documentation URL, as the card states it.</summary>
    public string? DocumentationUrl { get; init; }

    /// <summary>Gets the agent's icon URL, as the card states it.</summary>
    public string? IconUrl { get; init; }

    /// <summary>Gets the optional features the agent supports.</summary>
    public A2AAgentCapabilities Capabilities { get; init; } = new();

    /// <summary>Gets the media types the agent accepts by default.</summary>
    public IReadOnlyList<string> DefaultInputModes { get; init; } = [];

    /// <summary>Gets the media types the agent produces by default.</summary>
    public IReadOnlyList<string> DefaultOutputModes { get; init; } = [];

    /// <summary>Gets what the agent can do.</summary>
    public IReadOnlyList<A2AAgentSkill> Skills { get; init; } = [];

    /// <summary>Gets the security schemes the agent declares, by name.</summary>
    public IReadOnlyDictionary<string, A2ASecurityScheme> SecuritySchemes { get; init; } = new Dictionary<string, A2ASecurityScheme>();

    /// <summary>Gets the JSON-RPC interface the client chose to talk to.</summary>
    public A2AAgentInterface Endpoint { get; init; } = null!;

    /// <summary>Gets the protocol version the client chose for <see cref="Endpoint"/>.</summary>
    public A2AProtocolVersion ProtocolVersion { get; init; }
}

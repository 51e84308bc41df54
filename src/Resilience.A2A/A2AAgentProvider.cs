namespace Resilience.A2A;

/// <summary>Who provides an agent, from its card.</summary>
public sealed class A2AAgentProvider
{
    /// <summary>Gets the organization's name.</summary>
    public string Organization { get; init; } = string.Empty;

    /// <summary>Gets the organization's web site, as the card states it.</summary>
    public string? Url { get; init; }
}

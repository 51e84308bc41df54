namespace Resilience.A2A;

/// <summary>One thing an agent can do, from its card.</summary>
public sealed class A2AAgentSkill
{
    /// <summary>Gets the skill's id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Gets the skill's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Gets what the skill does.</summary>
    public string? Description { get; init; }

    /// <summary>Gets keywords describing the skill.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets example prompts for the skill.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Gets the media types the skill accepts, when they differ from the card's defaults.</summary>
    public IReadOnlyList<string> InputModes { get; init; } = [];

    /// <summary>Gets the media types the skill produces, when they differ from the card's defaults.</summary>
    public IReadOnlyList<string> OutputModes { get; init; } = [];
}

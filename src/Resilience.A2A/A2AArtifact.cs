namespace Resilience.A2A;

/// <summary>An output of a task.</summary>
public sealed class A2AArtifact
{
    /// <summary>Gets the artifact id, unique within the task.</summary>
    public string ArtifactId { get; init; } = string.Empty;

    /// <summary>Gets the artifact's name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the content.</summary>
    public IReadOnlyList<A2APart> Parts { get; init; } = [];
}

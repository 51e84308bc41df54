using System.Text.Json;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>An output of a task.</summary>
public sealed class A2AArtifact
{
    /// <summary>Gets the artifact id, unique within the task.</summary>
    public string ArtifactId { get; init; } = string.Empty;

    /// <summary>Gets the artifact's name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the artifact's description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the content.</summary>
    public IReadOnlyList<A2APart> Parts { get; init; } = [];

    /// <summary>Gets the artifact's metadata: extension-defined values by key, kept as the agent sent them (written as given).</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = A2AJson.EmptyMetadata;

    /// <summary>Gets the URIs of the extensions the artifact uses.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];
}

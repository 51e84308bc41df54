using System.Text.Json;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>A unit of work an agent carries out.</summary>
public sealed class A2ATask
{
    /// <summary>Gets the task id, created by the agent.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Gets the conversation the task belongs to.</summary>
    public string? ContextId { get; init; }

    /// <summary>Gets the current status.</summary>
    public A2ATaskStatus Status { get; init; } = new();

    /// <summary>Gets the outputs so far.</summary>
    public IReadOnlyList<A2AArtifact> Artifacts { get; init; } = [];

    /// <summary>Gets the messages exchanged, as far as the agent returns them.</summary>
    public IReadOnlyList<A2AMessage> History { get; init; } = [];

    /// <summary>Gets the task's metadata: extension-defined values by key, kept as the agent sent them (written as given).</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = A2AJson.EmptyMetadata;
}

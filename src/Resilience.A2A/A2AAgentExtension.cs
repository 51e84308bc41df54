using System.Text.Json;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>A protocol extension an agent supports, from its card's capabilities.</summary>
public sealed class A2AAgentExtension
{
    /// <summary>Gets the extension's URI (activate it per call with <see cref="A2ACallOptions.Extensions"/>).</summary>
    public string Uri { get; init; } = string.Empty;

    /// <summary>Gets how the agent uses the extension.</summary>
    public string? Description { get; init; }

    /// <summary>Gets a value indicating whether the client must activate the extension (else the agent may answer -32008).</summary>
    public bool Required { get; init; }

    /// <summary>Gets the extension's configuration, as the card states it.</summary>
    public IReadOnlyDictionary<string, JsonElement> Params { get; init; } = A2AJson.EmptyMetadata;
}

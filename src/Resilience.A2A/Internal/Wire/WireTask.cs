using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A task in either protocol version.</summary>
internal sealed class WireTask
{
    public string? Kind { get; set; }

    public string? Id { get; set; }

    public string? ContextId { get; set; }

    public WireStatus? Status { get; set; }

    public List<WireArtifact>? Artifacts { get; set; }

    public List<WireMessage>? History { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }
}

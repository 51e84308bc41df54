using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A v1.0 status or artifact update event (the object inside <c>statusUpdate</c>/<c>artifactUpdate</c>).</summary>
internal sealed class WireUpdate
{
    public string? TaskId { get; set; }

    public string? ContextId { get; set; }

    public WireStatus? Status { get; set; }

    public WireArtifact? Artifact { get; set; }

    public bool? Append { get; set; }

    public bool? LastChunk { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }
}

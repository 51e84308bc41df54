using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>
/// Every result shape of both protocol versions in one object: v1.0 wrappers (<c>task</c>, <c>message</c>,
/// <c>statusUpdate</c>, <c>artifactUpdate</c>), a bare v1.0 task (<c>GetTask</c>, <c>CancelTask</c>) and the v0.3
/// objects with their <c>kind</c>. the mapper decides which one it is and rejects anything else.
/// </summary>
internal sealed class WireResult
{
    public string? Kind { get; set; }

    public WireTask? Task { get; set; }

    public WireMessage? Message { get; set; }

    public WireUpdate? StatusUpdate { get; set; }

    public WireUpdate? ArtifactUpdate { get; set; }

    public string? Id { get; set; }

    public string? ContextId { get; set; }

    public WireStatus? Status { get; set; }

    public List<WireArtifact>? Artifacts { get; set; }

    public List<WireMessage>? History { get; set; }

    public string? MessageId { get; set; }

    public string? Role { get; set; }

    public List<WirePart>? Parts { get; set; }

    public string? TaskId { get; set; }

    public WireArtifact? Artifact { get; set; }

    public bool? Final { get; set; }

    public bool? Append { get; set; }

    public bool? LastChunk { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }

    public List<string>? Extensions { get; set; }

    public List<string>? ReferenceTaskIds { get; set; }

    public List<WireTask>? Tasks { get; set; }

    public string? NextPageToken { get; set; }

    public int? PageSize { get; set; }

    public int? TotalSize { get; set; }
}

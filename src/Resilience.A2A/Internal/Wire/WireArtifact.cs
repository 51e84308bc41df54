using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A task artifact.</summary>
internal sealed class WireArtifact
{
    public string? ArtifactId { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<WirePart>? Parts { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }

    public List<string>? Extensions { get; set; }
}

namespace Resilience.A2A.Internal.Wire;

/// <summary>A task artifact.</summary>
internal sealed class WireArtifact
{
    public string? ArtifactId { get; set; }

    public string? Name { get; set; }

    public List<WirePart>? Parts { get; set; }
}

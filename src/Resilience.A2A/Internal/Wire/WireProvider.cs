namespace Resilience.A2A.Internal.Wire;

/// <summary>An agent card's provider.</summary>
internal sealed class WireProvider
{
    public string? Organization { get; set; }

    public string? Url { get; set; }
}

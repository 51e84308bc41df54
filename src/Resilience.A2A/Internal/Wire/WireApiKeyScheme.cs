namespace Resilience.A2A.Internal.Wire;

/// <summary>A v1.0 API key scheme.</summary>
internal sealed class WireApiKeyScheme
{
    public string? Location { get; set; }

    public string? Name { get; set; }
}

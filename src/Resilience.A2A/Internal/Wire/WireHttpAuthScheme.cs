namespace Resilience.A2A.Internal.Wire;

/// <summary>A v1.0 HTTP authentication scheme.</summary>
internal sealed class WireHttpAuthScheme
{
    public string? Scheme { get; set; }
}

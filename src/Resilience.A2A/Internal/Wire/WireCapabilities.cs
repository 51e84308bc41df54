namespace Resilience.A2A.Internal.Wire;

/// <summary>Agent capabilities.</summary>
internal sealed class WireCapabilities
{
    public bool? Streaming { get; set; }
}

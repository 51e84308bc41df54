namespace Resilience.A2A.Internal.Wire;

/// <summary>A task status: state, optional message and timestamp.</summary>
internal sealed class WireStatus
{
    public string? State { get; set; }

    public WireMessage? Message { get; set; }

    public string? Timestamp { get; set; }
}

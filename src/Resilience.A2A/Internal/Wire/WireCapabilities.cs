namespace Resilience.A2A.Internal.Wire;

/// <summary>Agent capabilities.</summary>
internal sealed class WireCapabilities
{
    public bool? Streaming { get; set; }

    public bool? PushNotifications { get; set; }

    public bool? ExtendedAgentCard { get; set; }

    public List<WireExtension>? Extensions { get; set; }
}

namespace Resilience.A2A;

/// <summary>The optional protocol features an agent declares in its card.</summary>
public sealed class A2AAgentCapabilities
{
    /// <summary>Gets a value indicating whether the agent streams (<c>SendStreamingMessage</c>, <c>SubscribeToTask</c>).</summary>
    public bool Streaming { get; init; }

    /// <summary>Gets a value indicating whether the agent supports push notification configurations.</summary>
    public bool PushNotifications { get; init; }

    /// <summary>Gets a value indicating whether the agent serves an authenticated extended card
    /// (<see cref="A2AClient.GetExtendedAgentCardAsync"/>).</summary>
    public bool ExtendedAgentCard { get; init; }

    /// <summary>Gets the protocol extensions the agent supports.</summary>
    public IReadOnlyList<A2AAgentExtension> Extensions { get; init; } = [];
}

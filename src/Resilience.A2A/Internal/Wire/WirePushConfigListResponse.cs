namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response whose result is the v0.3 array of push-notification configurations.</summary>
internal sealed class WirePushConfigListResponse : WireEnvelope<List<WirePushConfig>>
{
}

namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response whose result is one push-notification configuration (create/set and get).</summary>
internal sealed class WirePushConfigResponse : WireEnvelope<WirePushConfig>
{
}

namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response whose result is a v1.0 page of push-notification configurations.</summary>
internal sealed class WirePushConfigPageResponse : WireEnvelope<WirePushConfigPage>
{
}

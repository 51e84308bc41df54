namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response whose result is an agent card (the authenticated extended card).</summary>
internal sealed class WireCardResponse : WireEnvelope<WireAgentCard>
{
}

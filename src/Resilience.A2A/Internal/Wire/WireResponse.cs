namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response whose result is a task, a message, an event or a page of tasks.</summary>
internal sealed class WireResponse : WireEnvelope<WireResult>
{
}

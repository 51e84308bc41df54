namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response whose result has one shape (a card, a push-notification configuration, a list of them).</summary>
/// <typeparam name="TResult">The result's shape.</typeparam>
internal abstract class WireEnvelope<TResult> : WireEnvelope
    where TResult : class
{
    public TResult? Result { get; set; }
}

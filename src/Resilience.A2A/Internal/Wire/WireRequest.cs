namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC request envelope.</summary>
internal sealed class WireRequest
{
    public string Jsonrpc { get; set; } = "2.0";

    public string Id { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public WireParams? Params { get; set; }
}

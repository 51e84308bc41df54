namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC error object.</summary>
internal sealed class WireError
{
    public int Code { get; set; }

    public string? Message { get; set; }
}

using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response envelope.</summary>
internal sealed class WireResponse
{
    public string? Jsonrpc { get; set; }

    public JsonElement? Id { get; set; }

    public WireResult? Result { get; set; }

    public WireError? Error { get; set; }
}

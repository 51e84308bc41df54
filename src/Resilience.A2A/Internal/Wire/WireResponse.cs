using System.Text.Json.Serialization;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A JSON-RPC response envelope.</summary>
internal sealed class WireResponse
{
    public string? Jsonrpc { get; set; }

    [JsonConverter(typeof(WireIdConverter))]
    public WireId Id { get; set; }

    public WireResult? Result { get; set; }

    public WireError? Error { get; set; }
}

using System.Text.Json.Serialization;

namespace Resilience.A2A.Internal.Wire;

/// <summary>What every JSON-RPC response has besides its result: the version, the id and the error.</summary>
internal abstract class WireEnvelope
{
    public string? Jsonrpc { get; set; }

    [JsonConverter(typeof(WireIdConverter))]
    public WireId Id { get; set; }

    public WireError? Error { get; set; }
}

using System.Text.Json.Serialization;

namespace Resilience.A2A.Internal.Wire;

/// <summary>Source-generated (reflection-free, trimming and AOT safe) serialization of the wire types.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    MaxDepth = 64)]
[JsonSerializable(typeof(WireRequest))]
[JsonSerializable(typeof(WireResponse))]
[JsonSerializable(typeof(WireAgentCard))]
[JsonSerializable(typeof(WireCardResponse))]
[JsonSerializable(typeof(WirePushConfigResponse))]
[JsonSerializable(typeof(WirePushConfigPageResponse))]
[JsonSerializable(typeof(WirePushConfigListResponse))]
internal sealed partial class A2AJsonContext : JsonSerializerContext
{
}

using System.Text.Json.Serialization;

namespace Resilience.Monitoring.Internal;

/// <summary>Source-generated (reflection-free) JSON of an alert: camelCase names, enums as strings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CircuitAlert))]
internal sealed partial class AlertJsonContext : JsonSerializerContext
{
}

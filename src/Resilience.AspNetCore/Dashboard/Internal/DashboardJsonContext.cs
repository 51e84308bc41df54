using System.Text.Json;
using System.Text.Json.Serialization;
using Resilience.Monitoring;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>Reflection-free JSON of the snapshot: camelCase names, states and severities as strings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DashboardSnapshot))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext
{
}

using System.Text.Json;

namespace Resilience.A2A.Internal;

/// <summary>Shared empty values of the public model.</summary>
internal static class A2AJson
{
    public static readonly IReadOnlyDictionary<string, JsonElement> EmptyMetadata = new Dictionary<string, JsonElement>(0);
}

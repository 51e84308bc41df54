using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>An extension declared in an agent card's capabilities.</summary>
internal sealed class WireExtension
{
    public string? Uri { get; set; }

    public string? Description { get; set; }

    public bool? Required { get; set; }

    public Dictionary<string, JsonElement>? Params { get; set; }
}

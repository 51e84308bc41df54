using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A message or artifact part in either protocol version (v0.3 <c>kind</c> + fields, v1.0 one of text/raw/url/data).</summary>
internal sealed class WirePart
{
    public string? Kind { get; set; }

    public string? Text { get; set; }

    public string? Raw { get; set; }

    public string? Url { get; set; }

    public JsonElement? Data { get; set; }

    public WireFile? File { get; set; }

    public string? MediaType { get; set; }

    public string? Filename { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }
}

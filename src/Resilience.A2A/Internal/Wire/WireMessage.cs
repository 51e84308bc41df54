using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A message in either protocol version.</summary>
internal sealed class WireMessage
{
    public string? Kind { get; set; }

    public string? MessageId { get; set; }

    public string? Role { get; set; }

    public List<WirePart>? Parts { get; set; }

    public string? ContextId { get; set; }

    public string? TaskId { get; set; }

    public Dictionary<string, JsonElement>? Metadata { get; set; }

    public List<string>? Extensions { get; set; }

    public List<string>? ReferenceTaskIds { get; set; }
}

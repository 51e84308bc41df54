namespace Resilience.A2A.Internal.Wire;

/// <summary>v0.3 file content: <c>{bytes | uri, mimeType, name}</c>.</summary>
internal sealed class WireFile
{
    public string? Bytes { get; set; }

    public string? Uri { get; set; }

    public string? MimeType { get; set; }

    public string? Name { get; set; }
}

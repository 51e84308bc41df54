namespace Resilience.A2A;

/// <summary>What a <see cref="A2APart"/> holds.</summary>
public enum A2APartKind
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>A file, by content or by URL.</summary>
    File,

    /// <summary>Structured JSON data.</summary>
    Data,
}

using System.Text.Json;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>One piece of a message or artifact: text, a file (bytes or URL) or JSON data.</summary>
public sealed class A2APart
{
    /// <summary>Gets what the part holds.</summary>
    public A2APartKind Kind { get; init; }

    /// <summary>Gets the text of a <see cref="A2APartKind.Text"/> part.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the JSON value of a <see cref="A2APartKind.Data"/> part.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>Gets the content of a <see cref="A2APartKind.File"/> part sent inline.</summary>
    public ReadOnlyMemory<byte>? Bytes { get; init; }

    /// <summary>Gets the URL of a <see cref="A2APartKind.File"/> part sent by reference.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the media type, when known.</summary>
    public string? MediaType { get; init; }

    /// <summary>Gets the file name, when known.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the part's metadata: extension-defined values by key, kept as the agent sent them (written as given).</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = A2AJson.EmptyMetadata;

    /// <summary>Creates a text part.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The part.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static A2APart FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new A2APart { Kind = A2APartKind.Text, Text = text };
    }

    /// <summary>Creates a data part.</summary>
    /// <param name="data">The JSON value.</param>
    /// <returns>The part.</returns>
    public static A2APart FromData(JsonElement data) => new() { Kind = A2APartKind.Data, Data = data.Clone() };
}

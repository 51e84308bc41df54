using System.Text.Json;
using Resilience.A2A.Internal;

namespace Resilience.A2A;

/// <summary>One unit of communication between a client and an agent.</summary>
public sealed class A2AMessage
{
    /// <summary>Gets the message id, created by the sender.</summary>
    /// <value>A new GUID by default. Retries of a send always reuse it.</value>
    public string MessageId { get; init; } = Guid.NewGuid().ToString("D");

    /// <summary>Gets who sent the message.</summary>
    /// <value>The default is <see cref="A2ARole.User"/>.</value>
    public A2ARole Role { get; init; } = A2ARole.User;

    /// <summary>Gets the content.</summary>
    public IReadOnlyList<A2APart> Parts { get; init; } = [];

    /// <summary>Gets the conversation the message belongs to, if any.</summary>
    public string? ContextId { get; init; }

    /// <summary>Gets the task the message continues, if any.</summary>
    public string? TaskId { get; init; }

    /// <summary>Gets the message's metadata: extension-defined values by key, kept as the agent sent them (written as given).</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = A2AJson.EmptyMetadata;

    /// <summary>Gets the URIs of the extensions the message uses.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>Gets the ids of other tasks the message refers to (for example earlier tasks of the conversation).</summary>
    public IReadOnlyList<string> ReferenceTaskIds { get; init; } = [];

    /// <summary>Gets the text of all text parts, joined.</summary>
    public string Text => string.Concat(Parts.Where(p => p.Kind == A2APartKind.Text).Select(p => p.Text));

    /// <summary>Creates a user message with one text part.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static A2AMessage FromText(string text) => new() { Parts = [A2APart.FromText(text)] };
}

using System.Text.Json;

namespace Resilience.A2A.Internal.Wire;

/// <summary>
/// A JSON-RPC response id as far as the client checks it: absent, null, a string, or anything else (which never matches
/// the client's string ids). Read without a <see cref="JsonDocument"/>, so a stream event allocates no document for it.
/// </summary>
/// <param name="Kind">What the id was.</param>
/// <param name="Text">The string, for <see cref="JsonValueKind.String"/>.</param>
internal readonly record struct WireId(JsonValueKind Kind, string? Text)
{
    public bool Matches(string expected) => Kind == JsonValueKind.String && Text == expected;

    /// <summary>Gets a value indicating whether the id is absent or null (what a server sends when it could not read the request).</summary>
    public bool IsNullOrAbsent => Kind is JsonValueKind.Undefined or JsonValueKind.Null;
}

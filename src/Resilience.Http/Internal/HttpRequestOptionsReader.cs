using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Resilience.Http.Internal;

/// <summary>Reads a request's per-request options without creating them.</summary>
/// <remarks>
/// Perf: <see cref="HttpRequestMessage.Options"/> creates the options (an object and its dictionary, about 100 B) on first
/// access, and most requests never set any. The handler reads two keys per request, so reading the property would allocate
/// on every request that carries none. The options field is read through an <see cref="UnsafeAccessorAttribute"/> (trimming
/// and AOT safe); should a runtime not have that field, the property is read as before.
/// </remarks>
internal static class HttpRequestOptionsReader
{
    private static bool s_fieldMissing;

    /// <summary>Reads <paramref name="key"/> from the request's options; <see langword="false"/> when the request has none.</summary>
    public static bool TryGetValue<TValue>(HttpRequestMessage request, HttpRequestOptionsKey<TValue> key, [MaybeNullWhen(false)] out TValue value)
    {
        if (!Volatile.Read(ref s_fieldMissing))
        {
            try
            {
                if (OptionsField(request) is not { } options)
                {
                    value = default;
                    return false;
                }

                return options.TryGetValue(key, out value);
            }
            catch (MissingFieldException)
            {
                Volatile.Write(ref s_fieldMissing, true);
            }
        }

        return request.Options.TryGetValue(key, out value);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_options")]
    private static extern ref HttpRequestOptions? OptionsField(HttpRequestMessage request);
}

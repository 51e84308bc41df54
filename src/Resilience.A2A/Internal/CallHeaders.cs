using System.Net.Http.Headers;

namespace Resilience.A2A.Internal;

/// <summary>Checks and applies the per-call headers of <see cref="A2ACallOptions"/>.</summary>
internal static class CallHeaders
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        A2AConstants.VersionHeader, "Content-Type", "Content-Length", "Accept", "Host",
    };

    /// <summary>Refuses headers the client sets itself and names or values that would break the request.</summary>
    /// <exception cref="ArgumentException">A header or extension is not allowed; the message names it.</exception>
    public static void Validate(A2ACallOptions? options)
    {
        if (options is null)
        {
            return;
        }

        foreach (var (name, value) in options.Headers)
        {
            if (Reserved.Contains(name))
            {
                throw new ArgumentException($"The header '{name}' is set by the A2A client and cannot be given per call.", nameof(options));
            }

            if (string.IsNullOrWhiteSpace(name) || HasLineBreak(name) || value is null || HasLineBreak(value))
            {
                throw new ArgumentException($"The header '{name}' has an empty name, a null value or a line break.", nameof(options));
            }
        }

        foreach (var extension in options.Extensions)
        {
            if (string.IsNullOrWhiteSpace(extension) || extension.Contains(',', StringComparison.Ordinal) || HasLineBreak(extension))
            {
                throw new ArgumentException($"The extension '{extension}' is empty or contains a comma or a line break.", nameof(options));
            }
        }
    }

    /// <summary>Adds the per-call headers (replacing a credential header of the same name) and the extensions header.</summary>
    public static void Apply(A2ACallOptions options, A2AProtocolVersion version, HttpRequestHeaders headers)
    {
        foreach (var (name, value) in options.Headers)
        {
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, value);
        }

        if (options.Extensions.Count > 0)
        {
            headers.TryAddWithoutValidation(
                version == A2AProtocolVersion.V1 ? A2AConstants.ExtensionsHeader : A2AConstants.LegacyExtensionsHeader,
                string.Join(", ", options.Extensions));
        }
    }

    private static bool HasLineBreak(string text) => text.AsSpan().IndexOfAny('\r', '\n') >= 0;
}

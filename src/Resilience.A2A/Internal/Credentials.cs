namespace Resilience.A2A.Internal;

/// <summary>Turns credentials into request headers for the security schemes an agent card declares.</summary>
internal static class Credentials
{
    /// <summary>Returns the schemes credentials may be sent for: those the card declares that go in a header, or none
    /// when <paramref name="endpoint"/> is not on the origin of <paramref name="baseAddress"/>.</summary>
    /// <returns>The schemes, by name.</returns>
    public static IReadOnlyList<KeyValuePair<string, A2ASecurityScheme>> Schemes(A2AAgentCard card, Uri endpoint, Uri baseAddress)
    {
        if (!SameOrigin(endpoint, baseAddress))
        {
            return [];
        }

        var schemes = new List<KeyValuePair<string, A2ASecurityScheme>>();
        foreach (var (name, scheme) in card.SecuritySchemes)
        {
            if (HeaderName(scheme) is not null)
            {
                schemes.Add(new(name, scheme));
            }
        }

        return schemes;
    }

    /// <summary>Builds the headers for the fixed credentials, keyed by scheme name.</summary>
    /// <returns>The headers to send with every call to the endpoint.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(
        IReadOnlyList<KeyValuePair<string, A2ASecurityScheme>> schemes, IReadOnlyDictionary<string, string> credentials)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, scheme) in schemes)
        {
            if (credentials.TryGetValue(name, out var secret))
            {
                headers.Add(Header(scheme, secret));
            }
        }

        return headers;
    }

    /// <summary>Returns the header that carries <paramref name="secret"/> for <paramref name="scheme"/>.</summary>
    /// <returns>The header.</returns>
    public static KeyValuePair<string, string> Header(A2ASecurityScheme scheme, string secret)
    {
        var name = HeaderName(scheme)!;
        return scheme.Kind switch
        {
            A2ASecuritySchemeKind.ApiKey => new(name, secret),
            A2ASecuritySchemeKind.Http when string.Equals(scheme.HttpScheme, "basic", StringComparison.OrdinalIgnoreCase) => new(name, "Basic " + secret),
            _ => new(name, "Bearer " + secret),
        };
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <returns>The header a scheme's credential goes in, or <see langword="null"/> for schemes not sent by header
    /// (API keys in a query string or cookie, mutual TLS; see docs/a2a.md).</returns>
    private static string? HeaderName(A2ASecurityScheme scheme) => scheme.Kind switch
    {
        A2ASecuritySchemeKind.ApiKey when string.Equals(scheme.Location, "header", StringComparison.OrdinalIgnoreCase)
                                          && !string.IsNullOrEmpty(scheme.ParameterName) => scheme.ParameterName,
        A2ASecuritySchemeKind.Http or A2ASecuritySchemeKind.OAuth2 or A2ASecuritySchemeKind.OpenIdConnect => "Authorization",
        _ => null,
    };
}

namespace Resilience.A2A.Internal;

/// <summary>Turns configured credentials into request headers for the security schemes an agent card declares.</summary>
internal static class Credentials
{
    /// <summary>Builds the headers, or none when <paramref name="endpoint"/> is not on the origin of <paramref name="baseAddress"/>.</summary>
    /// <returns>The headers to send with every call to the endpoint.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(
        A2AAgentCard card, Uri endpoint, Uri baseAddress, IReadOnlyDictionary<string, string> credentials)
    {
        if (credentials.Count == 0 || !SameOrigin(endpoint, baseAddress))
        {
            return [];
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, scheme) in card.SecuritySchemes)
        {
            if (!credentials.TryGetValue(name, out var secret))
            {
                continue;
            }

            switch (scheme.Kind)
            {
                case A2ASecuritySchemeKind.ApiKey when string.Equals(scheme.Location, "header", StringComparison.OrdinalIgnoreCase)
                                                      && !string.IsNullOrEmpty(scheme.ParameterName):
                    headers.Add(new(scheme.ParameterName, secret));
                    break;
                case A2ASecuritySchemeKind.Http when string.Equals(scheme.HttpScheme, "basic", StringComparison.OrdinalIgnoreCase):
                    headers.Add(new("Authorization", "Basic " + secret));
                    break;
                case A2ASecuritySchemeKind.Http or A2ASecuritySchemeKind.OAuth2 or A2ASecuritySchemeKind.OpenIdConnect:
                    headers.Add(new("Authorization", "Bearer " + secret));
                    break;
                default:
                    // API keys in a query string or cookie, mutual TLS: not sent by header (see docs/a2a.md).
                    break;
            }
        }

        return headers;
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
}

namespace Resilience.A2A;

/// <summary>The kinds of security scheme an agent card can declare.</summary>
public enum A2ASecuritySchemeKind
{
    /// <summary>Not one the client knows.</summary>
    Unknown,

    /// <summary>An API key in a header, query parameter or cookie.</summary>
    ApiKey,

    /// <summary>HTTP authentication (bearer, basic).</summary>
    Http,

    /// <summary>OAuth 2.0.</summary>
    OAuth2,

    /// <summary>OpenID Connect.</summary>
    OpenIdConnect,

    /// <summary>Mutual TLS (configured on the HTTP handler, not by header).</summary>
    MutualTls,
}

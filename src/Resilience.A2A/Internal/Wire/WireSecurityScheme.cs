using System.Text.Json;
using System.Text.Json.Serialization;

namespace Resilience.A2A.Internal.Wire;

/// <summary>A security scheme in either version: v0.3 OpenAPI style (<c>type</c>, <c>in</c>, <c>name</c>, <c>scheme</c>) or v1.0 one-of.</summary>
internal sealed class WireSecurityScheme
{
    public string? Type { get; set; }

    public string? In { get; set; }

    public string? Name { get; set; }

    public string? Scheme { get; set; }

    public WireApiKeyScheme? ApiKeySecurityScheme { get; set; }

    public WireHttpAuthScheme? HttpAuthSecurityScheme { get; set; }

    [JsonPropertyName("oauth2SecurityScheme")]
    public JsonElement? OAuth2SecurityScheme { get; set; }

    public JsonElement? OpenIdConnectSecurityScheme { get; set; }

    public JsonElement? MtlsSecurityScheme { get; set; }
}

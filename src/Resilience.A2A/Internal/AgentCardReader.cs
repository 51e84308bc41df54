using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Internal;

/// <summary>Turns a fetched card (either version) into an <see cref="A2AAgentCard"/> and picks the JSON-RPC interface to use.</summary>
internal static class AgentCardReader
{
    public static A2AAgentCard Read(WireAgentCard card, Uri cardUrl, A2AProtocolVersion preferred)
    {
        var interfaces = new List<A2AAgentInterface>();
        if (card.SupportedInterfaces is { Count: > 0 } supported)
        {
            foreach (var i in supported)
            {
                Add(interfaces, i.Url, i.ProtocolBinding ?? i.Transport, i.ProtocolVersion, cardUrl, i.Tenant);
            }
        }
        else
        {
            // v0.3: the main URL with its preferred transport, then additional interfaces; one protocol version for all.
            Add(interfaces, card.Url, card.PreferredTransport ?? A2AConstants.JsonRpcBinding, card.ProtocolVersion ?? A2AConstants.Version03, cardUrl);
            foreach (var i in card.AdditionalInterfaces ?? [])
            {
                Add(interfaces, i.Url, i.Transport ?? i.ProtocolBinding, i.ProtocolVersion ?? card.ProtocolVersion ?? A2AConstants.Version03, cardUrl);
            }
        }

        var (endpoint, version) = Choose(interfaces, preferred)
            ?? throw new A2AException(
                $"The agent card at {cardUrl} offers no JSON-RPC interface in protocol version 1.0 or 0.3.", A2AErrorKind.Protocol);

        return new A2AAgentCard
        {
            Name = card.Name ?? string.Empty,
            Description = card.Description,
            Version = card.Version,
            CardUrl = cardUrl,
            Interfaces = interfaces,
            Provider = card.Provider is { } provider
                ? new A2AAgentProvider { Organization = provider.Organization ?? string.Empty, Url = provider.Url }
                : null,
            DocumentationUrl = card.DocumentationUrl,
            IconUrl = card.IconUrl,
            Capabilities = new A2AAgentCapabilities
            {
                Streaming = card.Capabilities?.Streaming == true,
                PushNotifications = card.Capabilities?.PushNotifications == true,
                ExtendedAgentCard = card.Capabilities?.ExtendedAgentCard == true || card.SupportsAuthenticatedExtendedCard == true,
                Extensions = card.Capabilities?.Extensions?.Select(static e => new A2AAgentExtension
                {
                    Uri = e.Uri ?? string.Empty,
                    Description = e.Description,
                    Required = e.Required == true,
                    Params = e.Params is { Count: > 0 } p ? p : A2AJson.EmptyMetadata,
                }).ToArray() ?? [],
            },
            DefaultInputModes = card.DefaultInputModes?.ToArray() ?? [],
            DefaultOutputModes = card.DefaultOutputModes?.ToArray() ?? [],
            Skills = card.Skills?.Select(static s => new A2AAgentSkill
            {
                Id = s.Id ?? string.Empty,
                Name = s.Name ?? string.Empty,
                Description = s.Description,
                Tags = s.Tags?.ToArray() ?? [],
                Examples = s.Examples?.ToArray() ?? [],
                InputModes = s.InputModes?.ToArray() ?? [],
                OutputModes = s.OutputModes?.ToArray() ?? [],
            }).ToArray() ?? [],
            SecuritySchemes = ReadSchemes(card.SecuritySchemes),
            Endpoint = endpoint,
            ProtocolVersion = version,
        };
    }

    /// <summary>Maps a card's version string to a version the client speaks: 1.x is v1.0, 0.3.x is v0.3.</summary>
    public static A2AProtocolVersion? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split('.');
        return parts[0] switch
        {
            "1" => A2AProtocolVersion.V1,
            "0" when parts.Length > 1 && parts[1] == "3" => A2AProtocolVersion.V03,
            _ => null,
        };
    }

    private static (A2AAgentInterface, A2AProtocolVersion)? Choose(List<A2AAgentInterface> interfaces, A2AProtocolVersion preferred)
    {
        (A2AAgentInterface, A2AProtocolVersion)? fallback = null;
        foreach (var i in interfaces)
        {
            if (!string.Equals(i.ProtocolBinding, A2AConstants.JsonRpcBinding, StringComparison.OrdinalIgnoreCase)
                || ParseVersion(i.ProtocolVersion) is not { } version)
            {
                continue;
            }

            if (version == preferred)
            {
                return (i, version);
            }

            fallback ??= (i, version);
        }

        return fallback;
    }

    private static void Add(List<A2AAgentInterface> list, string? url, string? binding, string? version, Uri cardUrl, string? tenant = null)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(cardUrl, url, out var absolute)
            || (absolute.Scheme != Uri.UriSchemeHttp && absolute.Scheme != Uri.UriSchemeHttps))
        {
            return;
        }

        list.Add(new A2AAgentInterface
        {
            Url = absolute,
            ProtocolBinding = binding ?? string.Empty,
            ProtocolVersion = version ?? string.Empty,
            Tenant = string.IsNullOrEmpty(tenant) ? null : tenant,
        });
    }

    private static Dictionary<string, A2ASecurityScheme> ReadSchemes(Dictionary<string, WireSecurityScheme>? schemes)
    {
        var result = new Dictionary<string, A2ASecurityScheme>(StringComparer.Ordinal);
        foreach (var (name, s) in schemes ?? [])
        {
            result[name] = s switch
            {
                { ApiKeySecurityScheme: { } k } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.ApiKey, ParameterName = k.Name, Location = k.Location },
                { HttpAuthSecurityScheme: { } h } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.Http, HttpScheme = h.Scheme },
                { OAuth2SecurityScheme: not null } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.OAuth2 },
                { OpenIdConnectSecurityScheme: not null } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.OpenIdConnect },
                { MtlsSecurityScheme: not null } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.MutualTls },
                { Type: "apiKey" } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.ApiKey, ParameterName = s.Name, Location = s.In },
                { Type: "http" } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.Http, HttpScheme = s.Scheme },
                { Type: "oauth2" } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.OAuth2 },
                { Type: "openIdConnect" } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.OpenIdConnect },
                { Type: "mutualTLS" } => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.MutualTls },
                _ => new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.Unknown },
            };
        }

        return result;
    }
}

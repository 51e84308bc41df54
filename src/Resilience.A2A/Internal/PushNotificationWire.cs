using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Internal;

/// <summary>
/// Checks push-notification configurations before they are sent, writes them in either protocol version, and reads the
/// agent's answers strictly. Messages never carry the token, the credentials or the URL's query. Stateless.
/// </summary>
internal static class PushNotificationWire
{
    /// <summary>Refuses a configuration that would not work as written; the message names the property and the value.</summary>
    /// <exception cref="ArgumentException">The configuration is invalid.</exception>
    public static void Validate(A2APushNotificationConfig? config, string name)
    {
        ArgumentNullException.ThrowIfNull(config, name);
        if (config.Url is not { IsAbsoluteUri: true } url || !IsHttp(url))
        {
            throw new ArgumentException($"{name}.Url must be an absolute http or https URI; it was {Describe(config.Url)}.", name);
        }

        if (config.Id is { Length: 0 })
        {
            throw new ArgumentException($"{name}.Id must not be empty; leave it null to let the agent assign one.", name);
        }

        CheckSecret(config.Token, $"{name}.Token", name);
        if (config.Authentication is not { } authentication)
        {
            return;
        }

        if (authentication.Schemes is not { Count: > 0 } schemes)
        {
            throw new ArgumentException($"{name}.Authentication.Schemes must name at least one HTTP authentication scheme (for example Bearer).", name);
        }

        for (var i = 0; i < schemes.Count; i++)
        {
            if (string.IsNullOrEmpty(schemes[i]) || schemes[i].Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new ArgumentException(
                    $"{name}.Authentication.Schemes[{i}] must be a scheme name without white space; it was {(schemes[i] is null ? "null" : $"'{schemes[i]}'")}.", name);
            }
        }

        CheckSecret(authentication.Credentials, $"{name}.Authentication.Credentials", name);
    }

    /// <summary>Describes a URI for a message without what may be secret: its user info, query and fragment (of an http or
    /// https URI; of any other scheme only the scheme is shown, since its path may hold what http puts in a query).</summary>
    /// <returns>The description.</returns>
    public static string Describe(Uri? url) => url switch
    {
        null => "null",
        { IsAbsoluteUri: true } when IsHttp(url) => "'" + SafeText(url) + "'",
        { IsAbsoluteUri: true } => $"a URI of scheme '{url.Scheme}'",
        _ => "a relative URI",
    };

    /// <summary>Returns an absolute http or https URI without its user info, query and fragment.</summary>
    /// <returns>The text.</returns>
    public static string SafeText(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static bool IsHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;

    /// <summary>Writes a checked configuration: flat in v1.0 (with the task id, if any), the v0.3 <c>PushNotificationConfig</c> otherwise.</summary>
    /// <exception cref="ArgumentException">v1.0 and not exactly one authentication scheme.</exception>
    public static WirePushConfig ToWire(A2APushNotificationConfig config, A2AProtocolVersion version, string? taskId, string name)
    {
        var v03 = version == A2AProtocolVersion.V03;
        WireAuthentication? authentication = null;
        if (config.Authentication is { } a)
        {
            if (!v03 && a.Schemes.Count != 1)
            {
                throw new ArgumentException(
                    $"{name}.Authentication.Schemes must name exactly one scheme in A2A v1.0 (the agent is spoken to in v1.0); it names {a.Schemes.Count}.", name);
            }

            authentication = new WireAuthentication
            {
                Scheme = v03 ? null : a.Schemes[0],
                Schemes = v03 ? [.. a.Schemes] : null,
                Credentials = a.Credentials,
            };
        }

        return new WirePushConfig
        {
            Id = config.Id,
            TaskId = v03 ? null : taskId,
            Url = config.Url.AbsoluteUri,
            Token = config.Token,
            Authentication = authentication,
        };
    }

    /// <summary>The parameters of <c>CreateTaskPushNotificationConfig</c> (the flat configuration) or <c>tasks/pushNotificationConfig/set</c> (task id and configuration).</summary>
    public static WireParams CreateParams(string taskId, A2APushNotificationConfig config, A2AProtocolVersion version)
    {
        var wire = ToWire(config, version, taskId, "config");
        return version == A2AProtocolVersion.V03
            ? new WireParams { TaskId = taskId, PushNotificationConfig = wire }
            : new WireParams { TaskId = taskId, Id = wire.Id, Url = wire.Url, Token = wire.Token, Authentication = wire.Authentication };
    }

    /// <summary>The parameters of a get or delete: v1.0 <c>{taskId, id}</c>, v0.3 <c>{id: taskId, pushNotificationConfigId}</c>.</summary>
    public static WireParams ConfigParams(string taskId, string configId, A2AProtocolVersion version) =>
        version == A2AProtocolVersion.V03
            ? new WireParams { Id = taskId, PushNotificationConfigId = configId }
            : new WireParams { TaskId = taskId, Id = configId };

    /// <summary>The parameters of a list: v1.0 <c>{taskId, pageSize, pageToken}</c>, v0.3 <c>{id: taskId}</c>.</summary>
    public static WireParams ListParams(string taskId, int? pageSize, string? pageToken, A2AProtocolVersion version) =>
        version == A2AProtocolVersion.V03
            ? new WireParams { Id = taskId }
            : new WireParams { TaskId = taskId, PageSize = pageSize, PageToken = pageToken };

    /// <summary>Reads one configuration: the flat v1.0 shape, or in v0.3 the task id and the nested <c>pushNotificationConfig</c>.</summary>
    /// <returns>The configuration.</returns>
    public static A2APushNotificationConfig Read(WirePushConfig wire, A2AProtocolVersion version)
    {
        var v03 = version == A2AProtocolVersion.V03;
        var inner = v03 ? wire.PushNotificationConfig : wire;
        if (inner is null || (!v03 && wire.PushNotificationConfig is not null))
        {
            throw WireMapper.Unknown(v03 ? "a taskId and a pushNotificationConfig" : "a flat push-notification config");
        }

        if (!Uri.TryCreate(inner.Url, UriKind.Absolute, out var url) || !IsHttp(url))
        {
            throw WireMapper.Unknown("a push-notification config with an absolute http or https url");
        }

        return new A2APushNotificationConfig
        {
            Id = WireMapper.NullIfEmpty(inner.Id),
            TaskId = WireMapper.NullIfEmpty(wire.TaskId),
            Url = url,
            Token = WireMapper.NullIfEmpty(inner.Token),
            Authentication = inner.Authentication is { } a
                ? new A2APushNotificationAuthentication
                {
                    Schemes = v03 ? a.Schemes?.ToArray() ?? [] : string.IsNullOrEmpty(a.Scheme) ? [] : [a.Scheme],
                    Credentials = WireMapper.NullIfEmpty(a.Credentials),
                }
                : null,
        };
    }

    /// <summary>Reads a list of configurations, refusing one longer than <paramref name="limit"/>.</summary>
    /// <returns>The page.</returns>
    public static A2APushNotificationConfigPage ReadPage(List<WirePushConfig> configs, string? nextPageToken, int limit, A2AProtocolVersion version)
    {
        if (configs.Count > limit)
        {
            throw new A2AException(
                $"the agent listed {configs.Count} push-notification configs, more than the {limit} the client accepts in one answer", A2AErrorKind.Protocol);
        }

        var read = new A2APushNotificationConfig[configs.Count];
        for (var i = 0; i < read.Length; i++)
        {
            read[i] = Read(configs[i] ?? throw WireMapper.Unknown("a list of push-notification configs without nulls"), version);
        }

        return new A2APushNotificationConfigPage { Configs = read, NextPageToken = WireMapper.NullIfEmpty(nextPageToken) };
    }

    private static void CheckSecret(string? value, string property, string name)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0)
        {
            throw new ArgumentException($"{property} must not be empty; leave it null for none.", name);
        }

        // The agent puts it in an HTTP header of its own request: a line break there would split the header.
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"{property} must not contain a line break (its value is not shown).", name);
        }
    }
}

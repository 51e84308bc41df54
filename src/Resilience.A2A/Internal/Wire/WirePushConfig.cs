namespace Resilience.A2A.Internal.Wire;

/// <summary>
/// A push-notification configuration: the flat v1.0 <c>TaskPushNotificationConfig</c> (<c>id, taskId, url, token,
/// authentication</c>), a v0.3 <c>PushNotificationConfig</c> (<c>id, url, token, authentication</c>), or a v0.3
/// <c>TaskPushNotificationConfig</c> (<c>taskId</c> and the configuration in <c>pushNotificationConfig</c>).
/// </summary>
internal sealed class WirePushConfig
{
    public string? Id { get; set; }

    public string? TaskId { get; set; }

    public string? Url { get; set; }

    public string? Token { get; set; }

    public WireAuthentication? Authentication { get; set; }

    public WirePushConfig? PushNotificationConfig { get; set; }
}

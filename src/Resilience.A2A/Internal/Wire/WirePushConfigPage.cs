namespace Resilience.A2A.Internal.Wire;

/// <summary>The v1.0 result of <c>ListTaskPushNotificationConfigs</c>.</summary>
internal sealed class WirePushConfigPage
{
    public List<WirePushConfig>? Configs { get; set; }

    public string? NextPageToken { get; set; }
}

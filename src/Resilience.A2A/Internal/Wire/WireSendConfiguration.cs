namespace Resilience.A2A.Internal.Wire;

/// <summary>Send configuration: v0.3 <c>blocking</c> and <c>pushNotificationConfig</c>, v1.0 <c>returnImmediately</c> and <c>taskPushNotificationConfig</c>.</summary>
internal sealed class WireSendConfiguration
{
    public bool? Blocking { get; set; }

    public bool? ReturnImmediately { get; set; }

    public List<string>? AcceptedOutputModes { get; set; }

    public int? HistoryLength { get; set; }

    public WirePushConfig? PushNotificationConfig { get; set; }

    public WirePushConfig? TaskPushNotificationConfig { get; set; }
}

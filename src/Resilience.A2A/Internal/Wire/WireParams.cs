namespace Resilience.A2A.Internal.Wire;

/// <summary>
/// The parameters of every method the client calls: a send (message, configuration), a task id, a task list filter, or a
/// push-notification configuration (flat in v1.0; in v0.3 <c>taskId</c> and <c>pushNotificationConfig</c>, or the task
/// <c>id</c> and <c>pushNotificationConfigId</c>).
/// </summary>
internal sealed class WireParams
{
    public string? Tenant { get; set; }

    public WireMessage? Message { get; set; }

    public WireSendConfiguration? Configuration { get; set; }

    public string? Id { get; set; }

    public int? HistoryLength { get; set; }

    public string? ContextId { get; set; }

    public string? Status { get; set; }

    public int? PageSize { get; set; }

    public string? PageToken { get; set; }

    public string? StatusTimestampAfter { get; set; }

    public bool? IncludeArtifacts { get; set; }

    public string? TaskId { get; set; }

    public string? Url { get; set; }

    public string? Token { get; set; }

    public WireAuthentication? Authentication { get; set; }

    public WirePushConfig? PushNotificationConfig { get; set; }

    public string? PushNotificationConfigId { get; set; }
}

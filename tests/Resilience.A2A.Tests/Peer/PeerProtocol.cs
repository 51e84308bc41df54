namespace Resilience.A2A.Tests.Peer;

/// <summary>One protocol version of the interop tests: which agents of the peer to use and the method names to count.</summary>
public sealed record PeerProtocol(A2AProtocolVersion Version, string Echo, string Tasks, string Send, string Stream, string Get, string Cancel, string Subscribe)
{
    public static readonly PeerProtocol V1 = new(A2AProtocolVersion.V1, "echo", "tasks", "SendMessage", "SendStreamingMessage", "GetTask", "CancelTask", "SubscribeToTask");

    /// <summary>v0.3 through agents whose card offers only v0.3, so the client has to pick it from the card.</summary>
    public static readonly PeerProtocol V03 = new(A2AProtocolVersion.V03, "echo-v03", "tasks-v03", "message/send", "message/stream", "tasks/get", "tasks/cancel", "tasks/resubscribe");

    /// <summary>Gets the method that creates (v0.3: sets) a push-notification configuration.</summary>
    public string PushCreate => Version == A2AProtocolVersion.V1 ? "CreateTaskPushNotificationConfig" : "tasks/pushNotificationConfig/set";

    /// <summary>Gets the method that reads a push-notification configuration.</summary>
    public string PushGet => Version == A2AProtocolVersion.V1 ? "GetTaskPushNotificationConfig" : "tasks/pushNotificationConfig/get";

    /// <summary>Gets the method that lists a task's push-notification configurations.</summary>
    public string PushList => Version == A2AProtocolVersion.V1 ? "ListTaskPushNotificationConfigs" : "tasks/pushNotificationConfig/list";

    /// <summary>Gets the method that deletes a push-notification configuration.</summary>
    public string PushDelete => Version == A2AProtocolVersion.V1 ? "DeleteTaskPushNotificationConfig" : "tasks/pushNotificationConfig/delete";

    public static TheoryData<string> Names => new("v1", "v03");

    public static PeerProtocol Of(string name) => name == "v1" ? V1 : V03;
}

namespace Resilience.A2A.Tests.Peer;

/// <summary>One protocol version of the interop tests: which agents of the peer to use and the method names to count.</summary>
public sealed record PeerProtocol(A2AProtocolVersion Version, string Echo, string Tasks, string Send, string Stream, string Get, string Cancel, string Subscribe)
{
    public static readonly PeerProtocol V1 = new(A2AProtocolVersion.V1, "echo", "tasks", "SendMessage", "SendStreamingMessage", "GetTask", "CancelTask", "SubscribeToTask");

    /// <summary>v0.3 through agents whose card offers only v0.3, so the client has to pick it from the card.</summary>
    public static readonly PeerProtocol V03 = new(A2AProtocolVersion.V03, "echo-v03", "tasks-v03", "message/send", "message/stream", "tasks/get", "tasks/cancel", "tasks/resubscribe");

    public static TheoryData<string> Names => new("v1", "v03");

    public static PeerProtocol Of(string name) => name == "v1" ? V1 : V03;
}

namespace Resilience.A2A;

/// <summary>One way to reach an agent: a URL, a protocol binding and a protocol version.</summary>
public sealed class A2AAgentInterface
{
    /// <summary>Gets the absolute endpoint URL.</summary>
    public Uri Url { get; init; } = null!;

    /// <summary>Gets the protocol binding, such as <c>JSONRPC</c>, <c>GRPC</c> or <c>HTTP+JSON</c>.</summary>
    public string ProtocolBinding { get; init; } = string.Empty;

    /// <summary>Gets the protocol version as the card states it (for example <c>1.0</c> or <c>0.3.0</c>).</summary>
    public string ProtocolVersion { get; init; } = string.Empty;

    /// <summary>Gets the tenant the interface routes to (v1.0), or <see langword="null"/>; the client puts it in the
    /// <c>tenant</c> field of every request it sends to a v1.0 interface, as the spec requires.</summary>
    public string? Tenant { get; init; }
}

namespace Resilience.A2A;

/// <summary>What went wrong in an A2A call, as reported by <see cref="A2AException.Kind"/>.</summary>
public enum A2AErrorKind
{
    /// <summary>The agent answered with a JSON-RPC error (<see cref="A2AException.ErrorCode"/> is set).</summary>
    JsonRpc,

    /// <summary>The agent answered with an HTTP error status and no JSON-RPC error in the body.</summary>
    Http,

    /// <summary>The connection failed, or broke before the whole answer arrived.</summary>
    Transport,

    /// <summary>No answer, or no stream event, arrived within the configured time.</summary>
    Timeout,

    /// <summary>
    /// The answer broke the protocol or the client's bounds: malformed or truncated JSON, a wrong <c>jsonrpc</c>
    /// version, a mismatched id, an unknown result shape, a body or event over its size limit, an unusable agent card.
    /// Permanent: retrying cannot help and it does not count as the agent being down.
    /// </summary>
    Protocol,
}

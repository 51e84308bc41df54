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

    /// <summary>No answer, or no stream event, arrived within the configured time: the HttpClient timeout, the stream's
    /// idle timeout or <see cref="A2AClientOptions.StreamTimeout"/>, or the pipeline's attempt timeout
    /// (<see cref="Exception.InnerException"/> is then its <see cref="Resilience.Timeout.TimeoutRejectedException"/>).</summary>
    Timeout,

    /// <summary>
    /// The answer broke the protocol or the client's bounds: malformed or truncated JSON, a wrong <c>jsonrpc</c>
    /// version, a mismatched id, an unknown result shape, a body or event over its size limit, an unusable agent card.
    /// Permanent: retrying cannot help and it does not count as the agent being down.
    /// </summary>
    Protocol,

    /// <summary>
    /// The resilience pipeline refused the call before anything was sent: the agent's circuit is open
    /// (<see cref="Exception.InnerException"/> is a <see cref="CircuitBreaking.CircuitOpenException"/>), a bulkhead or rate
    /// limiter is full (another <see cref="ExecutionRejectedException"/>). <see cref="A2AException.RetryAfter"/> says when
    /// to try again, if known. Neither transient nor permanent: the agent was not asked.
    /// </summary>
    Rejected,

    /// <summary>
    /// <see cref="A2AClientOptions.CredentialProvider"/> threw (<see cref="Exception.InnerException"/> is its exception);
    /// nothing was sent. Permanent.
    /// </summary>
    Credentials,
}

using System.Net;

namespace Resilience.A2A;

/// <summary>
/// An A2A call failed: the agent answered with a JSON-RPC or HTTP error, the connection failed, the answer was
/// late, the answer broke the protocol, or the resilience pipeline refused the call (see <see cref="Kind"/>). Every
/// failure of an <see cref="A2AClient"/> call or stream is one of these, so one <c>catch</c> clause catches them all;
/// the pipeline's own exception (<see cref="CircuitBreaking.CircuitOpenException"/>,
/// <see cref="Timeout.TimeoutRejectedException"/>, ...) is the <see cref="Exception.InnerException"/>.
/// <see cref="A2AResiliencePredicates"/> sorts these into transient and permanent failures.
/// </summary>
public class A2AException : ResilienceException
{
    /// <summary>Initializes a new instance of the <see cref="A2AException"/> class.</summary>
    public A2AException()
        : this("The A2A call failed.", A2AErrorKind.Protocol)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="A2AException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public A2AException(string message)
        : this(message, A2AErrorKind.Protocol)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="A2AException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public A2AException(string message, Exception? innerException)
        : this(message, A2AErrorKind.Protocol, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="A2AException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="kind">What went wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public A2AException(string message, A2AErrorKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Gets what went wrong.</summary>
    public A2AErrorKind Kind { get; }

    /// <summary>Gets the JSON-RPC error code the agent sent.</summary>
    /// <value><see langword="null"/> unless <see cref="Kind"/> is <see cref="A2AErrorKind.JsonRpc"/>. Codes
    /// outside <see cref="A2AErrorCode"/> keep their numeric value.</value>
    public A2AErrorCode? ErrorCode { get; init; }

    /// <summary>Gets the HTTP status of the answer, also when it carried a JSON-RPC error.</summary>
    /// <value><see langword="null"/> when no HTTP answer arrived.</value>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>Gets how long the agent asked the caller to wait (the <c>Retry-After</c> header).</summary>
    /// <value><see langword="null"/> when the agent did not say.</value>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the JSON-RPC method of the failed call, in the protocol version used.</summary>
    public string? Method { get; init; }
}

using System.Net;
using System.Net.Sockets;
using Resilience.Http;
using Resilience.Timeout;

namespace Resilience.A2A;

/// <summary>
/// Classifies A2A failures. Transient failures may be retried and count toward the agent's circuit breaker; permanent
/// ones do neither. See docs/a2a.md for the table.
/// </summary>
public static class A2AResiliencePredicates
{
    /// <summary>Gets the context property under which the client stores <see cref="A2ACallInfo"/> for each call.</summary>
    public static ResiliencePropertyKey<A2ACallInfo> CallInfoKey { get; } = new("Resilience.A2A.CallInfo");

    /// <summary>
    /// Returns whether a failure is transient: connection failures, timeouts (including the pipeline's
    /// <see cref="TimeoutRejectedException"/>), an HTTP status the HTTP adapter calls transient
    /// (<see cref="HttpResiliencePredicates.IsTransientStatusCode"/>: 408, 429 and 5xx), and JSON-RPC -32603 (internal
    /// error), whatever the HTTP status that carried it. Exceptions other than <see cref="A2AException"/> are judged by
    /// <see cref="HttpResiliencePredicates.IsTransientFailure(Exception, CancellationToken)"/>, except a cancellation, which
    /// without the caller's token cannot be told apart from the caller's own.
    /// </summary>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the failure is transient.</returns>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        null or OperationCanceledException => false,
        A2AException a => IsTransient(a),
        _ => HttpResiliencePredicates.IsTransientFailure(exception, CancellationToken.None),
    };

    /// <summary>Returns whether an outcome is a transient failure; the circuit breaker of an agent counts exactly these.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns><see langword="true"/> when the outcome's exception is transient; an <see cref="OperationCanceledException"/>
    /// is transient only when the caller's token (<see cref="ResilienceContext.CancellationToken"/>) did not ask for it.</returns>
    public static bool IsTransient(OutcomeArguments outcome) => outcome.Exception switch
    {
        null => false,
        A2AException a => IsTransient(a),
        var exception => HttpResiliencePredicates.IsTransientFailure(exception, outcome.Context.CancellationToken),
    };

    /// <summary>Returns whether the retry stage may retry an outcome, reading the <see cref="A2ACallInfo"/> the client stored in the context.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns><see langword="true"/> when <see cref="ShouldRetry(Exception?, A2ACallInfo)"/> allows it; for a call without
    /// <see cref="A2ACallInfo"/>, when the failure is transient.</returns>
    public static bool ShouldRetry(OutcomeArguments outcome) =>
        outcome.Context is { } context && context.TryGetProperty(CallInfoKey, out var call)
            ? ShouldRetry(outcome.Exception, call)
            : IsTransient(outcome.Exception);

    /// <summary>Returns whether an A2A failure is permanent: the agent (or its answer) says retrying cannot help.</summary>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for an <see cref="A2AException"/> that is not transient, except a
    /// <see cref="A2AErrorKind.Rejected"/> one (the agent was not asked; trying later may work).</returns>
    public static bool IsPermanent(Exception? exception) => exception is A2AException { Kind: not A2AErrorKind.Rejected } a && !IsTransient(a);

    /// <summary>Returns whether the peer's answer broke the protocol or the client's bounds.</summary>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for an <see cref="A2AException"/> of kind <see cref="A2AErrorKind.Protocol"/>.</returns>
    public static bool IsProtocolViolation(Exception? exception) => exception is A2AException { Kind: A2AErrorKind.Protocol };

    /// <summary>Returns whether a JSON-RPC error code is transient: only -32603 (internal error).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> when transient.</returns>
    public static bool IsTransientErrorCode(A2AErrorCode code) => code == A2AErrorCode.InternalError;

    /// <summary>
    /// Returns whether a failed request surely never reached the agent, so repeating a send cannot duplicate it: the
    /// connection could not be established (refused, name not resolved), or the server refused it with HTTP 503 or 429
    /// before processing.
    /// </summary>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the request surely was not processed.</returns>
    public static bool IsSurelyNotProcessed(Exception? exception) => exception switch
    {
        A2AException { Kind: A2AErrorKind.Transport } a => IsConnectFailure(a.InnerException),
        A2AException { Kind: A2AErrorKind.Http, StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests } => true,
        HttpRequestException h => IsConnectFailure(h),
        _ => false,
    };

    /// <summary>
    /// Returns whether the pipeline may retry a failed call: transient and, for a send or the creation of a push-notification
    /// configuration, either <see cref="IsSurelyNotProcessed"/> or (sends only) opted in with <see cref="A2ASendOptions.AllowRetry"/>.
    /// </summary>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <param name="call">The call that failed.</param>
    /// <returns><see langword="true"/> when a retry is safe and may help.</returns>
    public static bool ShouldRetry(Exception? exception, A2ACallInfo call)
    {
        if (call.Operation == A2AOperationKind.HealthCheck || !IsTransient(exception))
        {
            return false;
        }

        return call.Operation is not (A2AOperationKind.SendMessage or A2AOperationKind.SendStreamingMessage or A2AOperationKind.CreateTaskPushNotificationConfig)
            || call.AllowRetry
            || IsSurelyNotProcessed(exception);
    }

    private static bool IsTransient(A2AException exception) => exception.Kind switch
    {
        A2AErrorKind.Transport or A2AErrorKind.Timeout => true,
        A2AErrorKind.Http => exception.StatusCode is { } status && HttpResiliencePredicates.IsTransientStatusCode(status),
        A2AErrorKind.JsonRpc => exception.ErrorCode is { } code && IsTransientErrorCode(code),
        _ => false,
    };

    private static bool IsConnectFailure(Exception? exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound } } => true,
        _ => false,
    };
}

using System.Net;
using Resilience.Timeout;

namespace Resilience.Http;

/// <summary>
/// The HTTP failure classification: which responses and exceptions count as failures for a circuit breaker and
/// as transient for a retry.
/// </summary>
/// <remarks>
/// <para>Failures: every 5xx status, 408 Request Timeout, 429 Too Many Requests, <see cref="HttpRequestException"/>
/// (connection refused or aborted, DNS, TLS), <see cref="TimeoutRejectedException"/> (our timeout stages), <see cref="TimeoutException"/> and an
/// <see cref="OperationCanceledException"/> that the caller did not ask for (an attempt timeout).</para>
/// <para>Not failures: every other status (2xx, 3xx, and 4xx such as 404, which says nothing about the server's
/// health), the caller's own cancellation, and a rejection by the library itself
/// (<see cref="ExecutionRejectedException"/>).</para>
/// </remarks>
public static class HttpResiliencePredicates
{
    /// <summary>Tells whether a status code means the server (or the path to it) failed: 5xx, 408 or 429.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <returns><see langword="true"/> for a failure status.</returns>
    public static bool IsTransientStatusCode(HttpStatusCode statusCode)
    {
        var code = (int)statusCode;
        return code >= 500 || code == 408 || code == 429;
    }

    /// <summary>Tells whether a response is a failure: its status is 5xx, 408 or 429.</summary>
    /// <param name="response">The response.</param>
    /// <returns><see langword="true"/> for a failure response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static bool IsTransientFailure(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return IsTransientStatusCode(response.StatusCode);
    }

    /// <summary>Tells whether an exception thrown by an HTTP call is a failure.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">The token of the caller (or of the stage asking): a cancellation it requested is never a failure.</param>
    /// <returns><see langword="true"/> for a transport failure or a timeout; <see langword="false"/> for the caller's cancellation or a rejection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool IsTransientFailure(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ExecutionRejectedException => false,
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            HttpRequestException or TimeoutException or TimeoutRejectedException => true,
            _ => false,
        };
    }

    /// <summary>Tells whether an outcome of an HTTP call is a failure (a response or an exception, as above).</summary>
    /// <param name="args">The outcome; a cancellation requested on <see cref="ResilienceContext.CancellationToken"/> is the caller's.</param>
    /// <returns><see langword="true"/> for a failure.</returns>
    public static bool IsTransientFailure(OutcomeArguments args)
    {
        if (args.Exception is { } exception)
        {
            return IsTransientFailure(exception, args.Context.CancellationToken);
        }

        return args.Result is HttpResponseMessage response && IsTransientStatusCode(response.StatusCode);
    }

    /// <summary>
    /// The retry predicate of the HTTP adapter: the outcome is a failure and the request may be sent again (its method
    /// is idempotent or it opted in, and its content can be replayed).
    /// </summary>
    /// <param name="args">The outcome.</param>
    /// <returns><see langword="true"/> when the request should be retried.</returns>
    public static bool ShouldRetry(OutcomeArguments args) =>
        HttpResilienceProperties.IsRetryAllowed(args.Context) && IsTransientFailure(args);

    /// <summary>
    /// The hedging predicate of the HTTP adapter: a transient failure (<see cref="IsTransientFailure(OutcomeArguments)"/>)
    /// or a rejection by a stage inside the hedging (an open or half-open circuit, a full concurrency limit, a throttle):
    /// the attempt does not end the call, so the attempts still running (or a later one) can answer.
    /// </summary>
    /// <param name="args">The outcome of one attempt.</param>
    /// <returns><see langword="true"/> when the outcome should not win.</returns>
    /// <remarks>With <see cref="IsTransientFailure(OutcomeArguments)"/> alone, a hedge rejected while the primary is in
    /// flight (the half-open breaker admits only its probes; the limit is full) would win and cancel the primary. When
    /// every attempt is handled, the call returns the last outcome, so a call that only met rejections still fails with one.</remarks>
    public static bool ShouldHedge(OutcomeArguments args) =>
        args.Exception is ExecutionRejectedException || IsTransientFailure(args);
}

namespace Resilience.Http;

/// <summary>
/// The <see cref="ResilienceContext"/> properties the <see cref="ResilientHttpHandler"/> sets for the stages of a
/// request, so custom predicates can see the request.
/// </summary>
public static class HttpResilienceProperties
{
    /// <summary>The request being sent.</summary>
    public static readonly ResiliencePropertyKey<HttpRequestMessage> Request = new("Resilience.Http.Request");

    // Set only when the request may be retried: a reference-typed flag, so setting it boxes nothing.
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RetryableRequest = new("Resilience.Http.RetryableRequest");

    // A hedged attempt's own copy of the request (the hedging preset), sent instead of the caller's message.
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> AttemptRequest = new("Resilience.Http.AttemptRequest");

    // The latest attempt's completed task for its response (disposed when another attempt supersedes it); the handler returns
    // that very task when the response is the request's answer.
    internal static readonly ResiliencePropertyKey<Task<HttpResponseMessage>> LastResponse = new("Resilience.Http.LastResponse");

    /// <summary>
    /// Tells whether the request of this call may be sent again: its method is idempotent (or it was opted in per client
    /// or per request) and its content is replayable.
    /// </summary>
    /// <param name="context">The call's context.</param>
    /// <returns><see langword="true"/> when a retry is allowed; <see langword="false"/> outside a <see cref="ResilientHttpHandler"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static bool IsRetryAllowed(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGetProperty(RetryableRequest, out _);
    }
}

namespace Resilience.Http.Internal;

/// <summary>Which requests may be sent more than once.</summary>
internal static class HttpRetryRules
{
    /// <summary>
    /// GET, HEAD, OPTIONS, TRACE, PUT and DELETE are idempotent (RFC 9110 section 9.2.2): sending them twice has the
    /// effect of sending them once. POST, PATCH and CONNECT are not.
    /// </summary>
    public static bool IsIdempotent(HttpMethod method)
    {
        // Perf: HttpMethod's static instances are compared by reference first; Equals falls back to the name.
        return method == HttpMethod.Get
            || method == HttpMethod.Head
            || method == HttpMethod.Options
            || method == HttpMethod.Trace
            || method == HttpMethod.Put
            || method == HttpMethod.Delete;
    }

    /// <summary>The per-request key wins; then idempotent methods are allowed, others only if the client opted in.</summary>
    public static bool IsRetryAllowedByMethod(HttpRequestMessage request, bool allowNonIdempotent)
    {
        if (HttpRequestOptionsReader.TryGetValue(request, HttpResilienceRequestOptions.AllowRetry, out var perRequest))
        {
            return perRequest;
        }

        return allowNonIdempotent || IsIdempotent(request.Method);
    }
}

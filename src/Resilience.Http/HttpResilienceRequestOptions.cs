using Resilience.Http.Internal;

namespace Resilience.Http;

/// <summary>
/// Per-request settings read by the <see cref="ResilientHttpHandler"/> from <see cref="HttpRequestMessage.Options"/>.
/// </summary>
/// <example>
/// <code>
/// var request = new HttpRequestMessage(HttpMethod.Post, "/orders");
/// request.Options.Set(HttpResilienceRequestOptions.AllowRetry, true);              // this POST is idempotent
/// request.Options.Set(HttpResilienceRequestOptions.OperationType, "health_check"); // use the health-check timeout
/// </code>
/// </example>
public static class HttpResilienceRequestOptions
{
    /// <summary>
    /// Overrides the method rule for one request: <see langword="true"/> allows retrying a non-idempotent request
    /// (POST, PATCH, CONNECT) that the caller knows is safe to repeat; <see langword="false"/> forbids retrying an
    /// idempotent one.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> AllowRetry = new(HttpResilienceConstants.AllowRetryKey);

    /// <summary>
    /// The timeout operation type of one request (for example <c>health_check</c>), copied into
    /// <see cref="ResilienceContext.OperationType"/> so the timeout stages use that type's timeout.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> OperationType = new(HttpResilienceConstants.OperationTypeKey);
}

using Resilience.Http.Internal;
using Resilience.Internal;

namespace Resilience.Http;

/// <summary>How a <see cref="ResilientHttpHandler"/> treats requests, whatever its pipeline.</summary>
public class ResilientHttpHandlerOptions : IValidatableOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether non-idempotent requests (POST, PATCH, CONNECT) may be retried for this
    /// client. A request's own <see cref="HttpResilienceRequestOptions.AllowRetry"/> wins over this.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: only GET, HEAD, OPTIONS, TRACE, PUT and DELETE are retried.</value>
    public bool AllowNonIdempotentRetries { get; set; }

    /// <summary>
    /// Gets or sets the largest request body, in bytes, that is buffered in memory so it can be sent again on a retry.
    /// A retryable request with a larger body, or a body of unknown length, is sent once and not retried.
    /// </summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes).</value>
    public long MaxReplayableContentLength { get; set; } = HttpResilienceConstants.DefaultMaxReplayableContentLength;

    /// <summary>
    /// Gets or sets a value indicating whether a rejection by the pipeline (an open circuit) returns a synthetic
    /// <c>503 Service Unavailable</c> response with a <c>Retry-After</c> header instead of throwing the rejection
    /// exception, for callers that only read status codes.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: the rejection exception (an <see cref="ExecutionRejectedException"/>) is thrown.</value>
    public bool ReturnServiceUnavailableOnRejection { get; set; }

    /// <summary>
    /// Gets or sets the timeout operation type of requests that do not set
    /// <see cref="HttpResilienceRequestOptions.OperationType"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the timeout stages use their own default.</value>
    public string? OperationType { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.AtLeast(MaxReplayableContentLength, 0L, nameof(MaxReplayableContentLength));
        AddValidationErrors(ref guard);
        return guard.Errors;
    }

    /// <summary>Adds the checks of a derived options type.</summary>
    internal virtual void AddValidationErrors(ref OptionsGuard guard)
    {
    }
}

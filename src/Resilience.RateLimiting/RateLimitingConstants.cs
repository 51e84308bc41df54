namespace Resilience.RateLimiting;

/// <summary>Defaults and telemetry names of the rate-limiter stage.</summary>
internal static class RateLimitingConstants
{
    /// <summary>The stage name used in telemetry and messages when the options do not give one.</summary>
    public const string DefaultName = "default";

    /// <summary>Counter: calls the rate limiter rejected (on the shared "Resilience" meter).</summary>
    public const string RejectionsInstrument = "resilience.rate_limiter.rejections";

    /// <summary>Counter: exceptions of the <c>OnRejected</c> callback the stage absorbed (the call was still rejected).</summary>
    public const string CallbackErrorsInstrument = "resilience.rate_limiter.callback.errors";

    /// <summary>Tag: which callback threw (<c>on_rejected</c>), as on the breaker's callback-error counter.</summary>
    public const string CallbackTag = "resilience.callback";

    /// <summary>Tag: the full type name of the exception (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag value of <see cref="CallbackTag"/>: the <c>OnRejected</c> callback.</summary>
    public const string OnRejectedCallback = "on_rejected";

    /// <summary>Tag: the rate-limiter stage's name.</summary>
    public const string NameTag = "rate_limiter.name";

    /// <summary>Event id: the OnRejected callback of a rate-limiter stage threw; the call was still rejected (Error).</summary>
    public const int CallbackFailedEventId = 3301;

}

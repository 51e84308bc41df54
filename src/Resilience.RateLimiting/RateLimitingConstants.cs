namespace Resilience.RateLimiting;

/// <summary>Defaults and telemetry names of the rate-limiter stage.</summary>
internal static class RateLimitingConstants
{
    /// <summary>The stage name used in telemetry and messages when the options do not give one.</summary>
    public const string DefaultName = "default";

    /// <summary>Counter: calls the rate limiter rejected (on the shared "Resilience" meter).</summary>
    public const string RejectionsInstrument = "resilience.rate_limiter.rejections";

    /// <summary>Tag: the rate-limiter stage's name.</summary>
    public const string NameTag = "rate_limiter.name";

    /// <summary>Event id: the OnRejected callback of a rate-limiter stage threw; the call was still rejected (Error).</summary>
    public const int CallbackFailedEventId = 3301;

}

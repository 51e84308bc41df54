using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.Http.Internal;

/// <summary>The log messages of the per-authority store, with stable event ids (50xx).</summary>
internal static partial class AuthorityLog
{
    [LoggerMessage(EventId = HttpEventIds.HttpAuthorityLimitReached, EventName = "HttpAuthorityLimitReached", Level = LogLevel.Warning,
        Message = "HTTP client '{ClientName}' holds its maximum of {MaxAuthorities} authorities, none idle for {IdleTimeout} with closed circuits: " +
            "requests to new authorities (first '{Authority}') are refused until one is evicted.")]
    public static partial void LimitReached(ILogger logger, string clientName, int maxAuthorities, TimeSpan idleTimeout, string authority);

    [LoggerMessage(EventId = HttpEventIds.HttpAuthoritiesEvicted, EventName = "HttpAuthoritiesEvicted", Level = LogLevel.Debug,
        Message = "HTTP client '{ClientName}' evicted {Count} idle authorities with closed circuits; it holds {Remaining}.")]
    public static partial void Evicted(ILogger logger, string clientName, int count, int remaining);

    [LoggerMessage(EventId = HttpEventIds.HttpAuthorityNamesExhausted, EventName = "HttpAuthorityNamesExhausted", Level = LogLevel.Information,
        Message = "HTTP client '{ClientName}' has named {MaxAuthorities} distinct authorities in telemetry; breakers of further ones are named '{OtherName}'.")]
    public static partial void NamesExhausted(ILogger logger, string clientName, int maxAuthorities, string otherName);

    [LoggerMessage(EventId = HttpEventIds.HttpAuthoritySweepFailed, EventName = "HttpAuthoritySweepFailed", Level = LogLevel.Error,
        Message = "The idle sweep of HTTP client '{ClientName}' failed with {ErrorType}; it runs again at the next interval.")]
    public static partial void SweepFailed(ILogger logger, string clientName, string errorType);

    [LoggerMessage(EventId = HttpEventIds.HttpAuthorityLimitsNotReloaded, EventName = "HttpAuthorityLimitsNotReloaded", Level = LogLevel.Warning,
        Message = "HTTP client '{ClientName}': a reload changed {OptionName} from {Current} to {Reloaded}; the client's per-authority store keeps {Current} until the application restarts.")]
    public static partial void LimitNotReloaded(ILogger logger, string clientName, string optionName, string current, string reloaded);
}

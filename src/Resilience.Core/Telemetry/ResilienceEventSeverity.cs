namespace Resilience.Telemetry;

/// <summary>How severe a <see cref="ResilienceEvent"/> is; the ILogger adapter maps each value to the <c>LogLevel</c> of the same name.</summary>
public enum ResilienceEventSeverity
{
    /// <summary>Detail for diagnosing the library itself (for example an outcome that arrived too late to count).</summary>
    Debug,

    /// <summary>Normal operation worth recording (a circuit closed, a hedged attempt started).</summary>
    Information,

    /// <summary>Protection is acting (a circuit opened, a call is retried, a budget refused a retry).</summary>
    Warning,

    /// <summary>An operation failed or a user callback threw (a timeout, a failing handler).</summary>
    Error,
}

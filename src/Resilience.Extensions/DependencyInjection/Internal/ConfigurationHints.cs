namespace Resilience.DependencyInjection.Internal;

/// <summary>What a configuration key that binds to nothing probably meant: Polly's names, code-only settings, near misses.</summary>
internal static class ConfigurationHints
{
    /// <summary>The most places one unknown key is reported at.</summary>
    public const int MaxReportedPaths = 10;

    private const string CodeOnly = " It is a delegate or a service, so it can only be set in code.";

    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MaxRetryAttempts"] = " Polly's MaxRetryAttempts counts retries; here MaxAttempts counts attempts, the first included (MaxRetryAttempts: 3 is MaxAttempts: 4).",
        ["Delay"] = " Polly's Delay is BaseDelay here.",
        ["BackoffType"] = " Here the backoff is set by ExponentialBase (1.0 is constant, 2.0 doubles each retry).",
        ["UseJitter"] = " Here Jitter takes a JitterMode: None, Proportional (the default), Full or Decorrelated.",
        ["TotalRequestTimeout"] = " Polly's TotalRequestTimeout:Timeout is TotalTimeout here, a duration such as \"00:00:30\".",
        ["PermitLimit"] = " Polly's concurrency limiter PermitLimit is BulkheadOptions.MaxConcurrency here.",
        ["OnOpened"] = " Polly's OnOpened, OnClosed and OnHalfOpened are the breaker's StateChanged event here, set in code.",
        ["OnClosed"] = " Polly's OnOpened, OnClosed and OnHalfOpened are the breaker's StateChanged event here, set in code.",
        ["OnHalfOpened"] = " Polly's OnOpened, OnClosed and OnHalfOpened are the breaker's StateChanged event here, set in code.",
        ["ShouldHandle"] = CodeOnly,
        ["OnRetry"] = CodeOnly,
        ["DelayGenerator"] = CodeOnly,
        ["RetryAfterExtractor"] = CodeOnly,
        ["Randomizer"] = CodeOnly,
        ["TelemetryListener"] = CodeOnly,
        ["BreakDurationGenerator"] = CodeOnly,
        ["ExcludedExceptions"] = " Exception types can only be added in code: AddCircuitBreaker(name, o => o.ExcludedExceptions.Add(typeof(...))).",
        ["Budget"] = " A RetryBudget is an object shared by pipelines, so it is set in code: o.Budget = new RetryBudget(...).",
    };

    /// <summary>The settings that exist but can only be set in code (delegates, services, types).</summary>
    public static readonly string[] CodeOnlyKeys =
    [
        "ShouldHandle", "OnRetry", "DelayGenerator", "RetryAfterExtractor", "Randomizer", "TelemetryListener", "BreakDurationGenerator", "ExcludedExceptions", "Budget",
    ];

    /// <summary>The hint for <paramref name="key"/> (a leading space and a sentence), or an empty string.</summary>
    public static string For(string key, IReadOnlyCollection<string> knownKeys)
    {
        if (Known.TryGetValue(key, out var hint))
        {
            return hint;
        }

        var nearest = knownKeys.Select(k => (Key: k, Distance: Distance(key, k))).Where(c => c.Distance <= Math.Max(1, key.Length / 4)).OrderBy(c => c.Distance).FirstOrDefault();
        return nearest.Key is null ? string.Empty : $" Did you mean '{nearest.Key}'?";
    }

    /// <summary>The case-insensitive edit distance of two short keys.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

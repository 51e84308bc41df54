namespace Resilience.AdaptiveConcurrency;

/// <summary>Defaults, limits and telemetry names of the adaptive concurrency limit (defaults from Netflix's concurrency-limits).</summary>
internal static class AdaptiveConcurrencyConstants
{
    public const int DefaultInitialLimit = 20;
    public const int DefaultMinLimit = 1;
    public const int DefaultMaxLimit = 200;
    public const int MaxLimitCeiling = 100_000;
    public const double DefaultBackoffRatio = 0.9;
    public const double DefaultRttTolerance = 1.5;
    public const int DefaultLongWindow = 600;
    public const int DefaultGradientQueueSize = 4;
    public const double DefaultGradientSmoothing = 0.2;
    public const double DefaultVegasSmoothing = 0.5;
    public const int MinWindowSamples = 10;
    public const int DefaultVegasProbeMultiplier = 30;
    public const string DefaultName = "default";

    public const string LimitInstrument = "resilience.adaptive_concurrency.limit";
    public const string InFlightInstrument = "resilience.adaptive_concurrency.in_flight";
    public const string RttInstrument = "resilience.adaptive_concurrency.rtt";
    public const string RejectionsInstrument = "resilience.adaptive_concurrency.rejections";
    public const string NameTag = "adaptive_concurrency.name";
    public const string AlgorithmTag = "adaptive_concurrency.algorithm";
    public const string EstimateTag = "adaptive_concurrency.estimate";

    public static readonly TimeSpan DefaultDropLatency = TimeSpan.FromSeconds(5);
}

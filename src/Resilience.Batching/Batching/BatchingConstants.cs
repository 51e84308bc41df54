namespace Resilience.Batching;

/// <summary>Defaults of the batch processor and of its breaker.</summary>
internal static class BatchingConstants
{
    /// <summary>The default number of items per batch.</summary>
    public const int DefaultBatchSize = 100;

    /// <summary>The smallest batch a retry of kept items uses; a retry halves the batch size down to this.</summary>
    public const int DefaultMinRetryBatchSize = 10;

    /// <summary>The largest batch: a bound on what one batch holds in memory.</summary>
    public const int MaxBatchSize = 1_000_000;

    /// <summary>The default breaker's consecutive-failure threshold: sensitive to failed batches.</summary>
    public const int DefaultBreakerFailureThreshold = 2;

    /// <summary>The default breaker's break: five minutes for the downstream to recover.</summary>
    public static readonly TimeSpan DefaultBreakerBreakDuration = TimeSpan.FromMinutes(5);
}

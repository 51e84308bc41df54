using Resilience.Internal;

namespace Resilience.AdaptiveConcurrency;

/// <summary>Options of an <see cref="AdaptiveConcurrencyStrategy"/>: the algorithm, the limit's start and bounds, and what a drop is.</summary>
/// <remarks>The stage copies the options when it is created. Defaults follow Netflix's concurrency-limits (initial 20, bounds 1..200).</remarks>
public class AdaptiveConcurrencyOptions : IValidatableOptions
{
    /// <summary>Gets or sets the name in telemetry (the <c>adaptive_concurrency.name</c> tag).</summary>
    /// <value>The default value is <see langword="null"/>: the pipeline's name, or <c>default</c>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the algorithm that moves the limit.</summary>
    /// <value>The default value is <see cref="AdaptiveLimitAlgorithm.Vegas"/>.</value>
    public AdaptiveLimitAlgorithm Algorithm { get; set; } = AdaptiveLimitAlgorithm.Vegas;

    /// <summary>Gets or sets the limit before any latency was measured.</summary>
    /// <value>The default value is 20. Must be between <see cref="MinLimit"/> and <see cref="MaxLimit"/>.</value>
    public int InitialLimit { get; set; } = AdaptiveConcurrencyConstants.DefaultInitialLimit;

    /// <summary>Gets or sets the lowest limit.</summary>
    /// <value>The default value is 1. Must be at least 1.</value>
    public int MinLimit { get; set; } = AdaptiveConcurrencyConstants.DefaultMinLimit;

    /// <summary>Gets or sets the highest limit.</summary>
    /// <value>The default value is 200. Must be between <see cref="MinLimit"/> and 100,000.</value>
    public int MaxLimit { get; set; } = AdaptiveConcurrencyConstants.DefaultMaxLimit;

    /// <summary>Gets or sets the factor the AIMD limit is multiplied by on a drop.</summary>
    /// <value>The default value is 0.9. Must be between 0.5 and 0.995.</value>
    public double BackoffRatio { get; set; } = AdaptiveConcurrencyConstants.DefaultBackoffRatio;

    /// <summary>Gets or sets the latency above which an AIMD sample counts as a drop, as a timeout would.</summary>
    /// <value>The default value is 5 seconds. Must be between 1 millisecond and 1 day. Set it to a small multiple of the
    /// service's normal latency: AIMD only shrinks on drops.</value>
    public TimeSpan DropLatency { get; set; } = AdaptiveConcurrencyConstants.DefaultDropLatency;

    /// <summary>Gets or sets how far recent latency may rise above the long-term average before the gradient limit shrinks.</summary>
    /// <value>The default value is 1.5. Must be between 1 and 10.</value>
    public double RttTolerance { get; set; } = AdaptiveConcurrencyConstants.DefaultRttTolerance;

    /// <summary>Gets or sets the number of samples after which the gradient forgets its long-term (no-load) latency and measures it
    /// afresh (at least 30 × the limit, so a busy client does not spend its time probing).</summary>
    /// <value>The default value is 600. Must be between 10 and 100,000.</value>
    public int LongWindow { get; set; } = AdaptiveConcurrencyConstants.DefaultLongWindow;

    /// <summary>Gets or sets the predicate that decides whether an outcome is a drop (a sign of overload) rather than a latency sample.</summary>
    /// <value>The default value is <see langword="null"/>: a timeout (<c>TimeoutRejectedException</c>, <see cref="TimeoutException"/>)
    /// or a rejection by a stage inside this one is a drop. The caller's own cancellation is never a sample.</value>
    public Func<OutcomeArguments, bool>? IsDrop { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(MinLimit, 1, AdaptiveConcurrencyConstants.MaxLimitCeiling, nameof(MinLimit));
        guard.Range(MaxLimit, Math.Max(1, MinLimit), AdaptiveConcurrencyConstants.MaxLimitCeiling, nameof(MaxLimit));
        guard.Range(InitialLimit, MinLimit, MaxLimit, nameof(InitialLimit));
        guard.Range(BackoffRatio, 0.5, 0.995, nameof(BackoffRatio));
        guard.Range(DropLatency, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(DropLatency));
        guard.Range(RttTolerance, 1.0, 10.0, nameof(RttTolerance));
        guard.Range(LongWindow, 10, 100_000, nameof(LongWindow));
        guard.Defined(Algorithm, nameof(Algorithm));
        guard.Check(Name is null || Name.Length > 0, nameof(Name), "must not be empty when set", Name);
        return guard.Errors;
    }
}

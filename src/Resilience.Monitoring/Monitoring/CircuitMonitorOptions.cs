using Resilience.Internal;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring;

/// <summary>Thresholds of the alert rules and sizes of the <see cref="CircuitBreakerMonitor"/>.</summary>
/// <remarks>Bound from the configuration section <c>Resilience:Monitoring</c> by <c>AddResilience().AddMonitoring()</c>.</remarks>
public class CircuitMonitorOptions : IValidatableOptions
{
    /// <summary>Gets or sets how many state-change events wait for the background consumer; past it the oldest is dropped and counted.</summary>
    /// <value>The default value is 1024.</value>
    public int ChannelCapacity { get; set; } = MonitorConstants.DefaultChannelCapacity;

    /// <summary>Gets or sets how many recent transitions are kept per breaker (the ring shown on the dashboard).</summary>
    /// <value>The default value is 20. It must exceed <see cref="FlappingChangeThreshold"/>, and be at least 10 (the health score's look-back).</value>
    public int RecentChangesCapacity { get; set; } = MonitorConstants.DefaultRecentChangesCapacity;

    /// <summary>Gets or sets how often the background service evaluates the alert rules.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan EvaluationInterval { get; set; } = MonitorConstants.DefaultEvaluationInterval;

    /// <summary>Gets or sets how long a circuit may stay open before the high-severity <see cref="CircuitAlertKind.OpenTooLong"/> alert.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan OpenTooLongThreshold { get; set; } = MonitorConstants.DefaultOpenTooLongThreshold;

    /// <summary>Gets or sets the number of transitions within <see cref="FlappingWindow"/> that must be exceeded for a <see cref="CircuitAlertKind.Flapping"/> alert.</summary>
    /// <value>The default value is 5 (so the sixth change within the window raises it).</value>
    public int FlappingChangeThreshold { get; set; } = MonitorConstants.DefaultFlappingChangeThreshold;

    /// <summary>Gets or sets the window in which transitions count towards flapping.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan FlappingWindow { get; set; } = MonitorConstants.DefaultFlappingWindow;

    /// <summary>Gets or sets the success rate, in percent, below which a closed circuit raises <see cref="CircuitAlertKind.HighFailureRate"/>.</summary>
    /// <value>The default value is 50.</value>
    public double HighFailureRateSuccessThreshold { get; set; } = MonitorConstants.DefaultHighFailureRateSuccessThreshold;

    /// <summary>Gets or sets how long the same alert (same breaker, same rule) is not sent again.</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan DeduplicationWindow { get; set; } = MonitorConstants.DefaultDeduplicationWindow;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(ChannelCapacity, 1, 1_000_000, nameof(ChannelCapacity));
        guard.Range(RecentChangesCapacity, MonitorConstants.HealthScoreRecentChanges, 10_000, nameof(RecentChangesCapacity));
        guard.Range(EvaluationInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(EvaluationInterval));
        guard.Range(OpenTooLongThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), nameof(OpenTooLongThreshold));
        guard.Range(FlappingChangeThreshold, 1, 1000, nameof(FlappingChangeThreshold));
        guard.Range(FlappingWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), nameof(FlappingWindow));
        guard.Range(HighFailureRateSuccessThreshold, 0.0, 100.0, nameof(HighFailureRateSuccessThreshold));
        guard.Range(DeduplicationWindow, TimeSpan.Zero, TimeSpan.FromDays(7), nameof(DeduplicationWindow));
        guard.Check(
            RecentChangesCapacity > FlappingChangeThreshold,
            nameof(RecentChangesCapacity),
            $"must be greater than FlappingChangeThreshold ({FlappingChangeThreshold}), or flapping can never be detected",
            RecentChangesCapacity);
        return guard.Errors;
    }
}

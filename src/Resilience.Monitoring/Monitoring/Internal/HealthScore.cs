using Resilience.CircuitBreaking;

namespace Resilience.Monitoring.Internal;

/// <summary>The breaker's health score: a pure function, so the formula is tested on its own.</summary>
internal static class HealthScore
{
    /// <summary>
    /// Start at 100; -50 when open (or isolated), -25 when half-open; -25 when the success rate is below 50 %,
    /// else -10 when below 80 %; -5 for each transition to open among the last 10 changes; never below 0.
    /// </summary>
    /// <param name="state">The breaker's state.</param>
    /// <param name="successRate">The success rate in percent.</param>
    /// <param name="recentChanges">The recent transitions, oldest first.</param>
    /// <returns>The score, from 0 to 100.</returns>
    public static int Compute(CircuitState state, double successRate, ReadOnlySpan<CircuitStateChange> recentChanges)
    {
        var score = MonitorConstants.HealthScoreStart;
        score -= state switch
        {
            CircuitState.Open or CircuitState.Isolated => MonitorConstants.OpenPenalty,
            CircuitState.HalfOpen => MonitorConstants.HalfOpenPenalty,
            _ => 0,
        };

        if (successRate < MonitorConstants.LowSuccessRate)
        {
            score -= MonitorConstants.LowSuccessPenalty;
        }
        else if (successRate < MonitorConstants.MediumSuccessRate)
        {
            score -= MonitorConstants.MediumSuccessPenalty;
        }

        var lastTen = recentChanges.Length > MonitorConstants.HealthScoreRecentChanges
            ? recentChanges[^MonitorConstants.HealthScoreRecentChanges..]
            : recentChanges;
        foreach (var change in lastTen)
        {
            if (change.To == CircuitState.Open)
            {
                score -= MonitorConstants.RecentOpenPenalty;
            }
        }

        return Math.Max(0, score);
    }
}

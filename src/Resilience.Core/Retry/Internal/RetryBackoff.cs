namespace Resilience.Retry.Internal;

/// <summary>The pure backoff formulas of the retry stage. Stateless apart from the caller's <c>ref</c> state; thread-safe.</summary>
internal static class RetryBackoff
{
    // AWS's decorrelated jitter grows the upper bound by 3x the previous delay.
    private const double DecorrelatedGrowth = 3.0;

    /// <summary>Computes the delay before the retry that follows failed attempt <paramref name="attempt"/> (0-based).</summary>
    /// <param name="mode">The jitter mode.</param>
    /// <param name="attempt">The 0-based number of the failed attempt.</param>
    /// <param name="baseDelay">The first delay before jitter.</param>
    /// <param name="maxDelay">The cap, applied after jitter.</param>
    /// <param name="exponentialBase">The growth factor.</param>
    /// <param name="previousTicks">The previous delay in ticks, for <see cref="JitterMode.Decorrelated"/>; start with 0.</param>
    /// <param name="randomizer">Uniform random numbers in [0, 1).</param>
    /// <returns>A delay between zero and <paramref name="maxDelay"/>.</returns>
    public static TimeSpan GetDelay(
        JitterMode mode,
        int attempt,
        TimeSpan baseDelay,
        TimeSpan maxDelay,
        double exponentialBase,
        ref double previousTicks,
        Func<double> randomizer)
    {
        double baseTicks = baseDelay.Ticks;
        double maxTicks = maxDelay.Ticks;
        if (baseTicks <= 0 || maxTicks <= 0)
        {
            return TimeSpan.Zero;
        }

        double ticks;
        if (mode == JitterMode.Decorrelated)
        {
            var previous = previousTicks < baseTicks ? baseTicks : previousTicks;
            ticks = baseTicks + (randomizer() * ((DecorrelatedGrowth * previous) - baseTicks));
            ticks = Cap(ticks, maxTicks);
            previousTicks = ticks;
            return TimeSpan.FromTicks((long)ticks);
        }

        // Math.Pow overflows to +Infinity for large attempts, which the cap turns into maxDelay.
        var exponential = baseTicks * Math.Pow(exponentialBase, attempt);
        ticks = mode switch
        {
            JitterMode.Proportional => exponential * (0.5 + randomizer()),
            JitterMode.Full => exponential * randomizer(),
            _ => exponential,
        };

        return TimeSpan.FromTicks((long)Cap(ticks, maxTicks));
    }

    // The cap applies after jitter; NaN and infinities (overflow) fall back to the cap, negatives to zero.
    private static double Cap(double ticks, double maxTicks) =>
        double.IsNaN(ticks) || ticks > maxTicks ? maxTicks : (ticks < 0 ? 0 : ticks);
}

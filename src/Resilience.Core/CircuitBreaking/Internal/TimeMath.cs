namespace Resilience.CircuitBreaking.Internal;

/// <summary>Conversions between <see cref="TimeSpan"/> and <see cref="TimeProvider"/> timestamps that saturate instead of overflowing.</summary>
internal static class TimeMath
{
    /// <summary>A far-future timestamp; half of <see cref="long.MaxValue"/> so that adding a duration cannot overflow.</summary>
    public const long Never = long.MaxValue / 2;

    public static long ToTimestampTicks(TimeSpan duration, TimeProvider timeProvider)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var frequency = timeProvider.TimestampFrequency;
        if (frequency == TimeSpan.TicksPerSecond)
        {
            return Math.Min(duration.Ticks, Never);
        }

        var ticks = duration.Ticks * ((double)frequency / TimeSpan.TicksPerSecond);
        return ticks < Never ? (long)ticks : Never;
    }

    /// <summary>Converts whole milliseconds to a <see cref="TimeSpan"/>, saturating at <see cref="TimeSpan.MaxValue"/>.</summary>
    public static TimeSpan FromMillisecondsSaturated(long milliseconds) =>
        milliseconds < TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond ? new TimeSpan(milliseconds * TimeSpan.TicksPerMillisecond) : TimeSpan.MaxValue;

    public static long AddSaturated(long timestamp, long ticks) => ticks >= Never - timestamp ? Never : timestamp + ticks;

    public static DateTimeOffset AddSaturated(DateTimeOffset instant, TimeSpan duration) =>
        duration >= DateTimeOffset.MaxValue - instant ? DateTimeOffset.MaxValue : instant + duration;
}

using System.Globalization;

namespace Resilience.Monitoring;

/// <summary>Writes a duration for people, as alerts and the dashboard show it: <c>8.4 s</c>, <c>5 min 12 s</c>, <c>2 h 3 min</c>, <c>1 d 4 h</c>.</summary>
/// <remarks>Two units at most, the larger first; seconds keep one decimal below a minute. Negative durations read as zero.</remarks>
public static class HumanDuration
{
    /// <summary>Formats <paramref name="duration"/> with the invariant culture.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text, such as <c>8.4 s</c>.</returns>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        var c = CultureInfo.InvariantCulture;
        if (duration < TimeSpan.FromMinutes(1))
        {
            // Truncated to a tenth, so 59.99 s never rounds up to "60.0 s".
            return string.Create(c, $"{Math.Floor(duration.TotalSeconds * 10) / 10:0.0} s");
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return Two(c, duration.Minutes, "min", duration.Seconds, "s");
        }

        return duration < TimeSpan.FromDays(1)
            ? Two(c, duration.Hours, "h", duration.Minutes, "min")
            : Two(c, (long)duration.TotalDays, "d", duration.Hours, "h");
    }

    private static string Two(CultureInfo culture, long major, string majorUnit, int minor, string minorUnit) =>
        minor == 0
            ? string.Create(culture, $"{major} {majorUnit}")
            : string.Create(culture, $"{major} {majorUnit} {minor} {minorUnit}");
}

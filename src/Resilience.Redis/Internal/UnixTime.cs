namespace Resilience.Redis.Internal;

/// <summary>
/// Unix-millisecond conversions that saturate instead of overflowing: a break end that would lie past
/// <see cref="DateTimeOffset.MaxValue"/> (a huge break duration) becomes <see cref="DateTimeOffset.MaxValue"/>.
/// </summary>
/// <remarks>The largest value, about 2.5e14, is an exact integer in Lua's doubles, so the scripts keep it exact too.</remarks>
internal static class UnixTime
{
    /// <summary>The Unix milliseconds of <see cref="DateTimeOffset.MaxValue"/>, the latest break end the protocol stores.</summary>
    public static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Whole milliseconds of <paramref name="duration"/>, between 0 and <see cref="MaxMilliseconds"/>.</summary>
    public static long ToMilliseconds(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (long)Math.Min(Math.Floor(duration.TotalMilliseconds), MaxMilliseconds);

    /// <summary>The instant of <paramref name="unixMilliseconds"/>, clamped to the range of <see cref="DateTimeOffset"/> (from the Unix epoch on).</summary>
    public static DateTimeOffset ToDateTimeOffset(long unixMilliseconds) =>
        unixMilliseconds >= MaxMilliseconds ? DateTimeOffset.MaxValue
        : unixMilliseconds <= 0 ? DateTimeOffset.UnixEpoch
        : DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}

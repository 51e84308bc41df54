using StackExchange.Redis;

namespace Resilience.Redis.Internal;

/// <summary>The shared circuit as last read from Redis.</summary>
/// <param name="Generation">Bumped each time the shared circuit closes; reports of older generations are ignored.</param>
/// <param name="IsOpen">Whether the shared circuit is open (or half-open once <paramref name="BreakEndMs"/> has passed).</param>
/// <param name="BreakEndMs">The end of the shared break, Unix milliseconds (at most <see cref="UnixTime.MaxMilliseconds"/>).</param>
/// <param name="Round">Bumped on every open or reopen; probe leases belong to one round.</param>
/// <param name="FleetFingerprint">The options fingerprint most instances report (or the one the open circuit opened with); empty when unknown.</param>
/// <param name="Identity">What the report found under this instance's id.</param>
internal readonly record struct SharedState(long Generation, bool IsOpen, long BreakEndMs, long Round, string FleetFingerprint, ReportIdentity Identity)
{
    public static SharedState Parse(RedisResult result)
    {
        var values = (RedisResult[])result!;
        return new(
            (long)values[0],
            (long)values[1] == 1,
            (long)values[2],
            (long)values[3],
            values.Length > 4 ? (string?)values[4] ?? string.Empty : string.Empty,
            values.Length > 5 ? (ReportIdentity)(int)values[5] : ReportIdentity.NotStored);
    }
}

namespace Resilience.Redis.Internal;

/// <summary>The shared circuit as last read from Redis.</summary>
/// <param name="Generation">Bumped each time the shared circuit closes; reports of older generations are ignored.</param>
/// <param name="IsOpen">Whether the shared circuit is open (or half-open once <paramref name="BreakEndMs"/> has passed).</param>
/// <param name="BreakEndMs">The end of the shared break, Unix milliseconds.</param>
/// <param name="Round">Bumped on every open or reopen; probe leases belong to one round.</param>
internal readonly record struct SharedState(long Generation, bool IsOpen, long BreakEndMs, long Round)
{
    public static SharedState Parse(StackExchange.Redis.RedisResult result)
    {
        var values = (StackExchange.Redis.RedisResult[])result!;
        return new((long)values[0], (long)values[1] == 1, (long)values[2], (long)values[3]);
    }
}

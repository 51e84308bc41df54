using System.Numerics;
using System.Runtime.CompilerServices;

namespace Resilience.CircuitBreaker.Internal;

/// <summary>
/// Success and failure counts over a sliding time window of <see cref="CircuitBreakerConstants.WindowBuckets"/>
/// buckets. Lock-free and thread-safe.
/// </summary>
/// <remarks>
/// <para>Perf: counters are striped by processor so two threads recording at once do not fight over one cache
/// line. Each counter word carries the id of the bucket it counts (high 32 bits) beside the count (low 32
/// bits), so a stale bucket resets itself on the next increment with one compare-and-swap, and a reader simply
/// skips words whose bucket has left the window: no thread ever clears another stripe's counters.</para>
/// <para>Perf: the bucket holding "now" is cached in an immutable cursor, so recording needs no division.</para>
/// </remarks>
internal sealed class HealthWindow
{
    private const int Buckets = CircuitBreakerConstants.WindowBuckets;
    private const int CountersPerBucket = 2;
    private const int SuccessCounter = 0;
    private const int FailureCounter = 1;

    // 128 bytes of padding between stripes (and before the first) against false sharing.
    private const int PaddingLongs = 16;

    private readonly long _bucketTicks;
    private readonly int _stripeMask;
    private readonly int _stripeStride;
    private readonly long[] _counters;
    private Cursor _cursor;

    public HealthWindow(TimeSpan samplingDuration, TimeProvider timeProvider)
    {
        _bucketTicks = Math.Max(1, TimeMath.ToTimestampTicks(samplingDuration, timeProvider) / Buckets);
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, CircuitBreakerConstants.MaxStripes));
        _stripeMask = stripes - 1;
        _stripeStride = (Buckets * CountersPerBucket) + PaddingLongs;
        _counters = new long[PaddingLongs + (stripes * _stripeStride)];
        _cursor = CreateCursor(timeProvider.GetTimestamp());
    }

    public void RecordSuccess(long timestamp) => Increment(timestamp, SuccessCounter);

    public void RecordFailure(long timestamp) => Increment(timestamp, FailureCounter);

    /// <summary>Sums the counts of the buckets still inside the window at <paramref name="timestamp"/>.</summary>
    public WindowCounts Read(long timestamp)
    {
        var current = (uint)(timestamp / _bucketTicks);
        long successes = 0;
        long failures = 0;
        var counters = _counters;
        for (var stripe = 0; stripe <= _stripeMask; stripe++)
        {
            var start = PaddingLongs + (stripe * _stripeStride);
            for (var i = 0; i < Buckets * CountersPerBucket; i += CountersPerBucket)
            {
                successes += CountIn(Volatile.Read(ref counters[start + i + SuccessCounter]), current);
                failures += CountIn(Volatile.Read(ref counters[start + i + FailureCounter]), current);
            }
        }

        return new WindowCounts(successes, failures);
    }

    private static long CountIn(long word, uint currentBucket)
    {
        // Unsigned distance: also correct when the 32-bit bucket id wraps around.
        var age = currentBucket - (uint)(word >>> 32);
        return age < Buckets ? (uint)word : 0;
    }

    private void Increment(long timestamp, int counter)
    {
        var cursor = Volatile.Read(ref _cursor);
        if (timestamp < cursor.Start || timestamp >= cursor.End)
        {
            cursor = MoveCursor(timestamp);
        }

        var index = PaddingLongs + ((Thread.GetCurrentProcessorId() & _stripeMask) * _stripeStride) + cursor.Offset + counter;
        ref var word = ref _counters[index];
        var id = (long)cursor.Id << 32;
        while (true)
        {
            var current = Volatile.Read(ref word);
            var next = (current & unchecked((long)0xFFFF_FFFF_0000_0000)) == id ? current + 1 : id | 1;
            if (Interlocked.CompareExchange(ref word, next, current) == current)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Cursor MoveCursor(long timestamp)
    {
        var cursor = CreateCursor(timestamp);

        // Only publish a newer bucket: a late thread with an older timestamp must not move the cursor back.
        var published = Volatile.Read(ref _cursor);
        if (cursor.Start > published.Start)
        {
            Interlocked.CompareExchange(ref _cursor, cursor, published);
        }

        return cursor;
    }

    private Cursor CreateCursor(long timestamp)
    {
        var bucket = timestamp / _bucketTicks;
        var start = bucket * _bucketTicks;
        return new Cursor(start, start + _bucketTicks, (uint)bucket, (int)(bucket % Buckets) * CountersPerBucket);
    }

    /// <summary>The bucket that holds the current time: [Start, End) in timestamp units.</summary>
    private sealed record Cursor(long Start, long End, uint Id, int Offset);
}

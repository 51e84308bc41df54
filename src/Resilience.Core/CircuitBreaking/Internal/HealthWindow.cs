using System.Numerics;
using System.Runtime.CompilerServices;
using Resilience.Internal;

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// Success and failure counts over a sliding time window of <see cref="CircuitBreakerConstants.WindowBuckets"/>
/// buckets. Lock-free and thread-safe.
/// </summary>
/// <remarks>
/// <para>Perf: counters are striped by processor so two threads recording at once do not fight over one cache
/// line. Each counter word carries the id of the bucket it counts (high 32 bits) beside the count (low 32
/// bits), so a stale bucket resets itself on the next increment with one compare-and-swap, and a reader simply
/// skips words whose bucket has left the window: no thread ever clears another stripe's counters.</para>
/// <para>A word's count saturates at <see cref="uint.MaxValue"/> (it never carries into the bucket id), and a writer whose
/// timestamp is older than the bucket already in its word adds to that newer bucket instead of restarting it.</para>
/// <para>Perf: one count into the writer's own bucket, more than 2^24 below saturation, is a single atomic increment
/// (2^24 is more increments than threads can have in flight); the compare-and-swap loop handles the rest.</para>
/// <para>Perf: the bucket holding "now" is cached in an immutable cursor, so recording needs no division.</para>
/// <para>Perf: <see cref="RecordUntimedSuccess"/> skips the clock (a clock read costs more than the rest of a
/// closed call): it bumps a processor-local pending counter, and the pending successes enter the bucket of the
/// next instant somebody reads the clock for the window (a failure, a snapshot). Used when successes only feed
/// statistics (the consecutive-failures policy); the failure-ratio policy records successes with their time.</para>
/// <para>Perf: <see cref="RecordSuccessNow"/> times a success by the coarse OS tick (a fifth of the precise clock's cost)
/// when the window runs on <see cref="TimeProvider.System"/>: the cursor also holds the last coarse reading at which "now"
/// is surely still inside its bucket (its end less <see cref="Timeout.TimeoutConstants.CoarseClockMargin"/>, more than the
/// coarse clock's resolution), so a success never lands in a bucket that already ended. Buckets are a tenth of the sampling
/// duration wide, so nearly every success takes that path; near a bucket's end it reads the precise clock.</para>
/// </remarks>
internal sealed class HealthWindow
{
    private const int Buckets = CircuitBreakerConstants.WindowBuckets;
    private const int CountersPerBucket = 2;
    private const int SuccessCounter = 0;
    private const int FailureCounter = 1;

    // After each stripe's bucket counters: its pending (untimed) successes.
    private const int PendingCounter = Buckets * CountersPerBucket;

    // A word at most this many buckets ahead of a writer's bucket is newer (the writer is late), not older.
    private const uint MaxLateBuckets = 1 << 20;

    // Below this distance from saturation a single count is one atomic increment instead of a compare-and-swap loop. It
    // exceeds how many increments can be in flight at once (one per thread), so an increment never carries into the bucket id.
    private const uint IncrementHeadroom = 1 << 24;

    // 128 bytes of padding between stripes (and before the first) against false sharing.
    private const int PaddingLongs = 16;

    // A cursor whose coarse bound is unknown: successes read the precise clock until one publishes a bound.
    private const long NoCoarseEnd = long.MinValue;

    private readonly long _bucketTicks;
    private readonly TimeProvider _timeProvider;
    private readonly bool _coarse;
    private readonly double _millisecondsPerTick;
    private readonly long _coarseMarginMilliseconds;
    private readonly int _stripeMask;
    private readonly int _stripeStride;
    private readonly long[] _counters;
    private Cursor _cursor;

    public HealthWindow(TimeSpan samplingDuration, TimeProvider timeProvider)
        : this(samplingDuration, timeProvider, Environment.ProcessorCount)
    {
    }

    /// <summary>Initializes a window with counters striped for <paramref name="processors"/> processors (tests pin it to
    /// one stripe to drive a single word from many threads).</summary>
    internal HealthWindow(TimeSpan samplingDuration, TimeProvider timeProvider, int processors)
    {
        _bucketTicks = Math.Max(1, TimeMath.ToTimestampTicks(samplingDuration, timeProvider) / Buckets);
        _timeProvider = timeProvider;
        _coarse = CoarseClock.IsUsable(timeProvider);
        _millisecondsPerTick = 1000.0 / timeProvider.TimestampFrequency;
        _coarseMarginMilliseconds = CoarseClock.ToMilliseconds(Timeout.TimeoutConstants.CoarseClockMargin);
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(processors, 1, CircuitBreakerConstants.MaxStripes));
        _stripeMask = stripes - 1;
        _stripeStride = PendingCounter + 1 + PaddingLongs;
        _counters = new long[PaddingLongs + (stripes * _stripeStride)];
        _cursor = CreateCursor(timeProvider.GetTimestamp());
    }

    public void RecordSuccess(long timestamp) => Add(timestamp, SuccessCounter, StripeStart(), 1);

    /// <summary>Counts a success at the current time: by the coarse clock while that surely falls in the current bucket,
    /// otherwise by the precise clock (see the remarks).</summary>
    public void RecordSuccessNow()
    {
        if (_coarse)
        {
            var cursor = Volatile.Read(ref _cursor);
            if (CoarseClock.NowMilliseconds <= cursor.CoarseEnd)
            {
                AddTo(cursor, SuccessCounter, StripeStart(), 1);
                return;
            }
        }

        RecordSuccessPrecise();
    }

    /// <summary>Counts a success without reading the clock; it is timed by the next <see cref="RecordFailure"/> or <see cref="Read"/>.</summary>
    public void RecordUntimedSuccess() => Interlocked.Increment(ref _counters[StripeStart() + PendingCounter]);

    /// <summary>Counts <paramref name="count"/> untimed successes at once (the bulk form of <see cref="RecordUntimedSuccess"/>; tests reach the 2^32 edge with it).</summary>
    public void RecordUntimedSuccesses(long count) => Interlocked.Add(ref _counters[StripeStart() + PendingCounter], count);

    public void RecordFailure(long timestamp)
    {
        FlushPending(timestamp);
        Add(timestamp, FailureCounter, StripeStart(), 1);
    }

    /// <summary>Sums the counts of the buckets still inside the window at <paramref name="timestamp"/>.</summary>
    public WindowCounts Read(long timestamp)
    {
        FlushPending(timestamp);
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

    private int StripeStart() => PaddingLongs + ((Thread.GetCurrentProcessorId() & _stripeMask) * _stripeStride);

    private void FlushPending(long timestamp)
    {
        for (var stripe = 0; stripe <= _stripeMask; stripe++)
        {
            var start = PaddingLongs + (stripe * _stripeStride);
            ref var pending = ref _counters[start + PendingCounter];
            if (Volatile.Read(ref pending) != 0)
            {
                // More than 2^32 - 1 pending successes (a long run of untimed successes) saturate rather than wrap.
                Add(timestamp, SuccessCounter, start, (uint)Math.Min(Interlocked.Exchange(ref pending, 0), uint.MaxValue));
            }
        }
    }

    // The coarse reading comes first: the precise time read after it is no earlier, so the bound built from both is safe.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordSuccessPrecise()
    {
        var coarse = _coarse ? CoarseClock.NowMilliseconds : 0;
        var timestamp = _timeProvider.GetTimestamp();
        var cursor = Volatile.Read(ref _cursor);
        if (timestamp < cursor.Start || timestamp >= cursor.End)
        {
            cursor = MoveCursor(timestamp, coarse);
        }
        else if (_coarse && cursor.CoarseEnd == NoCoarseEnd)
        {
            // The cursor was moved by a failure or a read (whose timestamp may be old): give it a bound from fresh readings.
            var bounded = cursor with { CoarseEnd = CoarseEndOf(cursor.End, timestamp, coarse) };
            Interlocked.CompareExchange(ref _cursor, bounded, cursor);
        }

        AddTo(cursor, SuccessCounter, StripeStart(), 1);
    }

    private long CoarseEndOf(long bucketEnd, long timestamp, long coarse) =>
        coarse + (long)((bucketEnd - timestamp) * _millisecondsPerTick) - _coarseMarginMilliseconds;

    private void Add(long timestamp, int counter, int stripeStart, uint count)
    {
        var cursor = Volatile.Read(ref _cursor);
        if (timestamp < cursor.Start || timestamp >= cursor.End)
        {
            cursor = MoveCursor(timestamp, coarse: null);
        }

        AddTo(cursor, counter, stripeStart, count);
    }

    private void AddTo(Cursor cursor, int counter, int stripeStart, uint count)
    {
        ref var word = ref _counters[stripeStart + cursor.Offset + counter];
        var current = Volatile.Read(ref word);

        // Perf: the usual case (one count into our own bucket, far from saturation) is one atomic increment. If the word
        // moves to a newer bucket meanwhile, the count lands there, as a late writer's does below.
        if (count == 1 && (uint)(current >>> 32) == cursor.Id && (uint)current < uint.MaxValue - IncrementHeadroom)
        {
            Interlocked.Increment(ref word);
            return;
        }

        while (true)
        {
            // How far the word's bucket is ahead of ours (unsigned, so correct across the 32-bit wrap). Ours: add. A
            // newer bucket with counts: we are a late writer whose clock read is a window old; add to it as well, so a
            // late writer never wipes newer counts and its outcome counts as of now. Anything else is an older bucket.
            var ahead = (uint)(current >>> 32) - cursor.Id;
            var next = ahead == 0 || (ahead <= MaxLateBuckets && (uint)current != 0)
                ? AddSaturated(current, count)
                : ((long)cursor.Id << 32) | count;
            var seen = Interlocked.CompareExchange(ref word, next, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Adds to a word's count, stopping at <see cref="uint.MaxValue"/> so the count never carries into the bucket id.</summary>
    private static long AddSaturated(long word, uint count)
    {
        var total = (ulong)(uint)word + count;
        return (word & unchecked((long)0xFFFF_FFFF_0000_0000)) | (long)Math.Min(total, uint.MaxValue);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Cursor MoveCursor(long timestamp, long? coarse)
    {
        var cursor = CreateCursor(timestamp, coarse);

        // Only publish a newer bucket: a late thread with an older timestamp must not move the cursor back.
        var published = Volatile.Read(ref _cursor);
        if (cursor.Start > published.Start)
        {
            Interlocked.CompareExchange(ref _cursor, cursor, published);
        }

        return cursor;
    }

    private Cursor CreateCursor(long timestamp, long? coarse = null)
    {
        var bucket = timestamp / _bucketTicks;
        var start = bucket * _bucketTicks;
        var end = start + _bucketTicks;
        var coarseEnd = coarse is { } reading ? CoarseEndOf(end, timestamp, reading) : NoCoarseEnd;
        return new Cursor(start, end, (uint)bucket, (int)(bucket % Buckets) * CountersPerBucket, coarseEnd);
    }

    /// <summary>The bucket that holds the current time: [Start, End) in timestamp units; while the coarse clock reads at
    /// most <see cref="CoarseEnd"/>, "now" is surely inside it.</summary>
    private sealed record Cursor(long Start, long End, uint Id, int Offset, long CoarseEnd);
}

using Resilience.CircuitBreaking.Internal;

namespace Resilience.Core.Tests.CircuitBreaking.Internal;

public sealed class HealthWindowTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Read_CountsTimedOutcomesInsideWindow()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);

        window.RecordSuccess(_time.GetTimestamp());
        window.RecordFailure(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromSeconds(5));
        window.RecordFailure(_time.GetTimestamp());

        window.Read(_time.GetTimestamp()).Should().Be(new WindowCounts(1, 2));
    }

    [Fact]
    public void Read_OldBucketsExpireOneByOne()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        for (var second = 0; second < 10; second++)
        {
            window.RecordFailure(_time.GetTimestamp());
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // Now at t = 10 s: the bucket of t = 0 s has left the window.
        window.Read(_time.GetTimestamp()).Failures.Should().Be(9);
        _time.Advance(TimeSpan.FromSeconds(5));
        window.Read(_time.GetTimestamp()).Failures.Should().Be(4);
        _time.Advance(TimeSpan.FromSeconds(100));
        window.Read(_time.GetTimestamp()).Total.Should().Be(0);
    }

    [Fact]
    public void Record_ReusedBucketSlot_StartsFromZero()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        window.RecordFailure(_time.GetTimestamp());
        window.RecordFailure(_time.GetTimestamp());

        // Same slot in the ring, ten buckets later.
        _time.Advance(TimeSpan.FromSeconds(10));
        window.RecordFailure(_time.GetTimestamp());

        window.Read(_time.GetTimestamp()).Failures.Should().Be(1);
    }

    [Fact]
    public void RecordSuccessNow_FakeClock_CountsInTheBucketOfNow()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        window.RecordSuccessNow();
        _time.Advance(TimeSpan.FromSeconds(9.5));
        window.RecordSuccessNow();

        window.Read(_time.GetTimestamp()).Successes.Should().Be(2);
        _time.Advance(TimeSpan.FromSeconds(1));

        // The first success (at 0 s) has left the window; the second (at 9.5 s) has not.
        window.Read(_time.GetTimestamp()).Successes.Should().Be(1);
    }

    [Fact]
    public void RecordSuccessNow_SystemClock_EverySuccessIsCountedInsideTheWindow()
    {
        // The system clock takes the coarse-tick path; every success (the first reads the precise clock and bounds the
        // cursor, later ones count by the coarse tick) must be in the window read right after.
        var window = new HealthWindow(TimeSpan.FromSeconds(30), TimeProvider.System);
        window.RecordFailure(TimeProvider.System.GetTimestamp());
        for (var i = 0; i < 1000; i++)
        {
            window.RecordSuccessNow();
        }

        window.Read(TimeProvider.System.GetTimestamp()).Should().Be(new WindowCounts(1000, 1));
    }

    [Fact]
    public void RecordUntimedSuccess_TimedByNextRead()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        window.RecordUntimedSuccess();
        window.RecordUntimedSuccess();

        _time.Advance(TimeSpan.FromSeconds(8));
        window.Read(_time.GetTimestamp()).Successes.Should().Be(2, "pending successes enter the window when it is read");

        _time.Advance(TimeSpan.FromSeconds(9));
        window.Read(_time.GetTimestamp()).Successes.Should().Be(2, "they were timed at the read, 9 s ago");
        _time.Advance(TimeSpan.FromSeconds(1));
        window.Read(_time.GetTimestamp()).Successes.Should().Be(0);
    }

    [Fact]
    public void RecordFailure_FlushesPendingSuccessesFirst()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        window.RecordUntimedSuccess();
        _time.Advance(TimeSpan.FromSeconds(3));

        window.RecordFailure(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromSeconds(9));

        window.Read(_time.GetTimestamp()).Should().Be(new WindowCounts(1, 1));
    }

    [Fact]
    public void Record_TimestampOlderThanCursor_DoesNotMoveCursorBack()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        var old = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(4));
        window.RecordFailure(_time.GetTimestamp());

        window.RecordFailure(old);
        window.RecordFailure(_time.GetTimestamp());

        window.Read(_time.GetTimestamp()).Failures.Should().Be(3);
    }

    [Fact]
    public void Read_ManyThreads_NoLostIncrements()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        var now = _time.GetTimestamp();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                window.RecordFailure(now);
                window.RecordUntimedSuccess();
            }
        });

        window.Read(now).Should().Be(new WindowCounts(80_000, 80_000));
    }

    [Fact]
    public void RecordFailure_LateWriterWithATimestampAWindowOld_DoesNotResetNewerCounts()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        var late = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++)
        {
            window.RecordFailure(_time.GetTimestamp());
        }

        // A writer that read the clock a whole window ago lands on the same bucket slot as the newest counts.
        window.RecordFailure(late);

        window.Read(_time.GetTimestamp()).Failures.Should().Be(4, "the late failure counts now and the three newer ones stay");
    }

    [Fact]
    public void Read_MoreThan2Pow32UntimedSuccesses_SaturateInsteadOfWrappingOrCarryingIntoTheBucketId()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time);
        window.RecordSuccess(_time.GetTimestamp());

        window.RecordUntimedSuccesses((long)uint.MaxValue + 6);

        window.Read(_time.GetTimestamp()).Successes.Should().Be(uint.MaxValue, "a word's count saturates; it never wraps nor moves its bucket");
    }

    [Fact]
    public void RecordSuccess_SingleCountsNearSaturation_StopAtTheMaximumWithoutCarryingIntoTheBucketId()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time, processors: 1);
        window.RecordUntimedSuccesses(uint.MaxValue - 2);
        window.Read(_time.GetTimestamp());

        for (var i = 0; i < 5; i++)
        {
            window.RecordSuccess(_time.GetTimestamp());
        }

        window.Read(_time.GetTimestamp()).Successes.Should().Be(uint.MaxValue, "single counts near the top take the saturating path");
        _time.Advance(TimeSpan.FromSeconds(10));
        window.Read(_time.GetTimestamp()).Total.Should().Be(0, "the word kept its bucket id, so it expires with its bucket");
    }

    [Fact]
    public void RecordSuccess_ManyThreadsAcrossTheIncrementHeadroom_CountEverySuccessExactly()
    {
        // One stripe, so every thread writes the same word; it starts just below the line where single counts switch from
        // an atomic increment to the compare-and-swap loop: every count must arrive, across both paths.
        const int Threads = 8;
        const int PerThread = 20_000;
        var start = uint.MaxValue - (1L << 24) - 50_000;
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time, processors: 1);
        window.RecordUntimedSuccesses(start);
        var timestamp = _time.GetTimestamp();
        window.Read(timestamp);

        using var go = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            go.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                window.RecordSuccess(timestamp);
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        workers.Should().OnlyContain(worker => worker.Join(TimeSpan.FromSeconds(60)), "the threads finish in bounded time");

        window.Read(timestamp).Successes.Should().Be(start + ((long)Threads * PerThread));
    }

    [Fact]
    public void RecordSuccess_ManyThreadsAtTheTop_SaturateExactlyAtTheMaximum()
    {
        const int Threads = 8;
        const int PerThread = 5_000;
        var window = new HealthWindow(TimeSpan.FromSeconds(10), _time, processors: 1);
        window.RecordUntimedSuccesses(uint.MaxValue - 10_000);
        var timestamp = _time.GetTimestamp();
        window.Read(timestamp);

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                window.RecordSuccess(timestamp);
            }
        });

        window.Read(timestamp).Successes.Should().Be(uint.MaxValue);
        window.RecordFailure(timestamp);
        window.Read(timestamp).Failures.Should().Be(1, "a saturated success word leaves the failure counts alone");
    }
}

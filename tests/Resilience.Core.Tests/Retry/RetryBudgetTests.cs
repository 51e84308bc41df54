using Resilience.Retry;

namespace Resilience.Core.Tests.Retry;

public sealed class RetryBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryAcquireRetry_NoTraffic_AllowsOnlyTheFloor()
    {
        var budget = new RetryBudget(timeProvider: _time);

        var granted = Enumerable.Range(0, 150).Count(_ => budget.TryAcquireRetry());

        granted.Should().Be(100, "the floor is 10 retries per second over a 10 s window");
        budget.ExhaustedCount.Should().Be(50);
        budget.AvailableRetries.Should().Be(0);
    }

    [Fact]
    public void TryAcquireRetry_UnderFailure_DrainsThenRefillsWithSuccessTraffic()
    {
        var budget = new RetryBudget(new RetryBudgetOptions { MinRetriesPerSecond = 0 }, _time);
        for (var i = 0; i < 50; i++)
        {
            budget.RecordCall();
        }

        Enumerable.Range(0, 20).Count(_ => budget.TryAcquireRetry()).Should().Be(10, "20% of 50 calls");
        budget.TryAcquireRetry().Should().BeFalse();

        for (var i = 0; i < 5; i++)
        {
            budget.RecordCall();
        }

        budget.TryAcquireRetry().Should().BeTrue("five more calls earn one more retry");
        budget.TryAcquireRetry().Should().BeFalse();
    }

    [Fact]
    public void TryAcquireRetry_AfterWindow_OldCallsAndRetriesExpire()
    {
        var budget = new RetryBudget(new RetryBudgetOptions { RetryRatio = 1, MinRetriesPerSecond = 0 }, _time);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordCall();
            budget.TryAcquireRetry().Should().BeTrue();
        }

        budget.TryAcquireRetry().Should().BeFalse();
        _time.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 4; i++)
        {
            budget.RecordCall();
        }

        budget.AvailableRetries.Should().Be(4, "14 calls minus 10 retries inside the window");
        _time.Advance(TimeSpan.FromSeconds(5));

        budget.AvailableRetries.Should().Be(4, "the first calls and their retries have both expired");
    }

    [Fact]
    public void Ctor_InvalidOptions_NamesOptionAndValue()
    {
        var act = () => new RetryBudget(new RetryBudgetOptions { RetryRatio = -1, Window = TimeSpan.Zero });

        act.Should().Throw<ArgumentException>().WithMessage(
            "Invalid RetryBudgetOptions: RetryRatio must be between 0 and 1000; it was -1. Window must be between 00:00:01 and 01:00:00; it was 00:00:00.*");
    }

    [Fact]
    public void RetryBudgetOptions_Ctor_Defaults()
    {
        var options = new RetryBudgetOptions();

        options.RetryRatio.Should().Be(0.2);
        options.MinRetriesPerSecond.Should().Be(10);
        options.Window.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void TryAcquireRetry_ManyThreads_NeverGrantsMoreThanTheBudget()
    {
        var budget = new RetryBudget(new RetryBudgetOptions { MinRetriesPerSecond = 0, RetryRatio = 0.5 }, _time);
        for (var i = 0; i < 1000; i++)
        {
            budget.RecordCall();
        }

        var granted = 0;
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 64 }, _ =>
        {
            for (var i = 0; i < 50; i++)
            {
                if (budget.TryAcquireRetry())
                {
                    Interlocked.Increment(ref granted);
                }
            }
        });

        granted.Should().Be(500);
        budget.ExhaustedCount.Should().Be((64 * 50) - 500);
    }

    [Fact]
    public void RecordCall_LateWriterWithAnEpochAWindowOld_DoesNotResetTheSlotHoldingNewerCounts()
    {
        var time = new InterleavingTimeProvider();
        var budget = new RetryBudget(new RetryBudgetOptions { MinRetriesPerSecond = 0, RetryRatio = 1 }, time);
        time.Advance(TimeSpan.FromSeconds(10));

        // This call reads the clock, and before it takes the budget's lock the clock moves a whole window on and
        // another caller records 10 calls into the same slot.
        time.OnNextRead = () =>
        {
            time.Advance(TimeSpan.FromSeconds(10));
            for (var i = 0; i < 10; i++)
            {
                budget.RecordCall();
            }
        };
        budget.RecordCall();

        budget.AvailableRetries.Should().Be(11, "the ten newer calls stay and the late one counts as well");
    }

    /// <summary>A fake clock that can run code right after a read, to place another caller between a read and its use.</summary>
    private sealed class InterleavingTimeProvider : FakeTimeProvider
    {
        public Action? OnNextRead { get; set; }

        public override long GetTimestamp()
        {
            var timestamp = base.GetTimestamp();
            if (OnNextRead is { } action)
            {
                OnNextRead = null;
                action();
            }

            return timestamp;
        }
    }
}

using Resilience.Hedging;
using Resilience.Retry;

namespace Resilience.Hedging.Tests;

/// <summary>One budget shared by a retry and a hedging stage of one pipeline: a call deposits once, whatever the order of
/// the stages, and each retry and each hedged attempt withdraws once.</summary>
public sealed class RetryBudgetSharedStagesTests
{
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OneCall_ThroughRetryAndHedgingSharingABudget_DepositsOnce(bool retryOutside)
    {
        var budget = NewBudget();
        var pipeline = Pipeline(budget, retryOutside);

        await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));

        budget.AvailableRetries.Should().Be(1, "one call earns RetryRatio (1) of a retry, not one per stage");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FailingCall_ThroughRetryAndHedgingSharingABudget_SpendsOnlyWhatOneCallEarned(bool retryOutside)
    {
        var budget = NewBudget();
        var pipeline = Pipeline(budget, retryOutside);
        var attempts = 0;

        var outcome = await pipeline.ExecuteOutcomeAsync(
            (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                return ValueTask.FromResult(Outcome.FromException<int>(new HttpRequestException("down")));
            },
            ResilienceContext.Get(),
            0);

        outcome.Exception.Should().BeOfType<HttpRequestException>();
        attempts.Should().Be(2, "the call earned one extra attempt: the primary and one hedge or retry, not more");
        budget.AvailableRetries.Should().Be(0);
        budget.ExhaustedCount.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task SeparateCalls_EachDepositsOnce()
    {
        var budget = NewBudget();
        var pipeline = Pipeline(budget, retryOutside: true);

        for (var i = 0; i < 3; i++)
        {
            await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));
        }

        budget.AvailableRetries.Should().Be(3);
    }

    private RetryBudget NewBudget() => new(new RetryBudgetOptions { RetryRatio = 1, MinRetriesPerSecond = 0 }, _time);

    private ResiliencePipeline Pipeline(RetryBudget budget, bool retryOutside)
    {
        var retry = new RetryOptions { MaxAttempts = 5, BaseDelay = TimeSpan.Zero, Budget = budget, ShouldHandle = static a => a.Exception is not null };
        var hedging = new HedgingOptions<int> { MaxHedgedAttempts = 3, Delay = System.Threading.Timeout.InfiniteTimeSpan, Budget = budget };
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        return (retryOutside ? builder.AddRetry(retry).AddHedging(hedging) : builder.AddHedging(hedging).AddRetry(retry)).Build();
    }
}

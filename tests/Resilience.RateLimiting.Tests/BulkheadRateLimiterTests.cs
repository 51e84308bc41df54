using System.Threading.RateLimiting;
using Resilience.Bulkhead;

namespace Resilience.RateLimiting.Tests;

public sealed class BulkheadRateLimiterTests
{
    [Fact]
    public async Task AcquireAsync_SharesSlotsWithThePipelinesThatUseTheBulkheadDirectly()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { Name = "orders", MaxConcurrency = 1 });
        using var limiter = new BulkheadRateLimiter(bulkhead);
        var limited = new ResiliencePipelineBuilder().AddRateLimiter(limiter, "orders").Build();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = bulkhead.ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();

        var act = () => limited.ExecuteAsync(static _ => ValueTask.FromResult(2)).AsTask();

        await act.Should().ThrowAsync<RateLimiterRejectedException>();
        bulkhead.Rejected.Should().Be(1);
        limiter.GetStatistics()!.CurrentAvailablePermits.Should().Be(0);
        limiter.IdleDuration.Should().BeNull();
        gate.SetResult(1);
        await holder;
        (await limited.ExecuteAsync(static _ => ValueTask.FromResult(3))).Should().Be(3);
        bulkhead.InFlight.Should().Be(0);
        limiter.GetStatistics()!.TotalSuccessfulLeases.Should().Be(1);
        limiter.IdleDuration.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void AttemptAcquire_LeaseDisposedTwice_GivesItsSlotBackOnce()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 2 });
        using var limiter = new BulkheadRateLimiter(bulkhead);

        var first = limiter.AttemptAcquire();
        var second = limiter.AttemptAcquire();
        var third = limiter.AttemptAcquire();

        first.IsAcquired.Should().BeTrue();
        second.IsAcquired.Should().BeTrue();
        third.IsAcquired.Should().BeFalse();
        bulkhead.InFlight.Should().Be(2);
        first.Dispose();
        first.Dispose();
        bulkhead.InFlight.Should().Be(1);
        limiter.AttemptAcquire(0).IsAcquired.Should().BeTrue();
        bulkhead.InFlight.Should().Be(1);
        second.Dispose();
        third.Dispose();
        bulkhead.InFlight.Should().Be(0);
        FluentActions.Invoking(() => limiter.AttemptAcquire(2)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void AttemptAcquire_DisposedBulkhead_Throws()
    {
        var bulkhead = new BulkheadStrategy(new BulkheadOptions());
        using var limiter = new BulkheadRateLimiter(bulkhead);
        bulkhead.Dispose();

        FluentActions.Invoking(() => limiter.AttemptAcquire()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task AcquireAsync_QueueHasRoom_WaitsInTheBulkheadsQueue()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 1, QueueLimit = 1 });
        using var limiter = new BulkheadRateLimiter(bulkhead);
        var held = await limiter.AcquireAsync();

        var waiting = limiter.AcquireAsync().AsTask();
        bulkhead.Queued.Should().Be(1);
        (await limiter.AcquireAsync()).IsAcquired.Should().BeFalse();
        held.Dispose();

        using var lease = await waiting;
        lease.IsAcquired.Should().BeTrue();
        bulkhead.Queued.Should().Be(0);
    }

    [Fact]
    public async Task AcquireAsync_ManyThreads_NeverMoreLeasesThanSlots()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 3, QueueLimit = 100 });
        using var limiter = new BulkheadRateLimiter(bulkhead);
        var inside = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                using var lease = await limiter.AcquireAsync();
                if (!lease.IsAcquired)
                {
                    continue;
                }

                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        most.Should().BeLessThanOrEqualTo(3);
        bulkhead.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task CreateChained_BulkheadWithATokenBucket_BothMustAdmit()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 5 });
        using var slots = new BulkheadRateLimiter(bulkhead);
        using var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), AutoReplenishment = false });
        using var chained = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<ResilienceContext, int>(_ => RateLimitPartition.Get(0, _ => slots)),
            PartitionedRateLimiter.Create<ResilienceContext, int>(_ => RateLimitPartition.Get(0, _ => bucket)));
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(new RateLimiterStrategyOptions { PartitionedLimiter = chained }).Build();

        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1))).Should().Be(1);
        var act = () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2)).AsTask();

        await act.Should().ThrowAsync<RateLimiterRejectedException>();
        bulkhead.InFlight.Should().Be(0);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

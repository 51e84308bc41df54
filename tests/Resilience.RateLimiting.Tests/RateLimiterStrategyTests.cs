using System.Threading.RateLimiting;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.DependencyInjection;
using Resilience.RateLimiting.Internal;
using Resilience.Retry;
using Resilience.Telemetry;

namespace Resilience.RateLimiting.Tests;

public sealed class RateLimiterStrategyTests
{
    private static readonly ResiliencePropertyKey<string> Tenant = new("tenant");
    private readonly string _name = "limiter-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Ctor_Defaults()
    {
        var options = new RateLimiterStrategyOptions();

        options.Name.Should().Be("default");
        options.Limiter.Should().BeNull();
        options.PartitionedLimiter.Should().BeNull();
        options.OnRejected.Should().BeNull();
    }

    [Fact]
    public void Ctor_NoOrTwoLimiters_ThrowsNamingTheOptions()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1 });
        using var partitioned = PartitionedRateLimiter.Create<ResilienceContext, string>(_ => RateLimitPartition.GetNoLimiter("x"));

        FluentActions.Invoking(() => new RateLimiterStrategy(new RateLimiterStrategyOptions())).Should().Throw<ArgumentException>()
            .WithMessage("Exactly one of RateLimiterStrategyOptions.Limiter and RateLimiterStrategyOptions.PartitionedLimiter must be set; neither was.*");
        FluentActions.Invoking(() => new RateLimiterStrategy(new RateLimiterStrategyOptions { Limiter = limiter, PartitionedLimiter = partitioned }))
            .Should().Throw<ArgumentException>().WithMessage("*both were.*");
        FluentActions.Invoking(() => new RateLimiterStrategy(new RateLimiterStrategyOptions { Limiter = limiter, Name = string.Empty }))
            .Should().Throw<ArgumentException>().WithMessage("RateLimiterStrategyOptions.Name must not be empty.*");
    }

    [Fact]
    public async Task ExecuteAsync_TokenBucketEmpty_RejectsWithTheLimitersRetryAfter()
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            AutoReplenishment = false,
            QueueLimit = 0,
        });
        using var rejections = new MetricCollector<long>(RateLimitingMetrics.Rejections);
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter, _name).Build();

        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1))).Should().Be(1);
        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2))).Should().Be(2);
        var act = () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(3)).AsTask();

        var rejected = (await act.Should().ThrowAsync<RateLimiterRejectedException>()).Which;
        rejected.Should().BeAssignableTo<ExecutionRejectedException>();
        rejected.RetryAfter.Should().Be(TimeSpan.FromSeconds(10));
        rejected.LimiterName.Should().Be(_name);
        rejected.Message.Should().Be($"The rate limiter '{_name}' rejected the call; retry after 00:00:10.");
        rejections.GetMeasurementSnapshot().Where(m => (string?)m.Tags[RateLimitingConstants.NameTag] == _name).Sum(m => m.Value).Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_FixedWindowFull_RejectsWithRetryAfterTheWindow()
    {
        using var limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1), AutoReplenishment = false });
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();
        await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));

        var outcome = await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromResult(2)), ResilienceContext.Get(), 0);

        outcome.IsRejected.Should().BeTrue();
        outcome.RetryAfter.Should().Be(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task ExecuteAsync_SlidingWindowFull_Rejects()
    {
        using var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 2, AutoReplenishment = false });
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();
        await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));

        var act = () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2)).AsTask();

        // The sliding window gives no retry-after metadata: the rejection says so rather than guessing.
        (await act.Should().ThrowAsync<RateLimiterRejectedException>()).Which.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrencyLimiterFull_RejectsWithoutRetryAfterAndAdmitsAgainOnceTheLeaseIsBack()
    {
        var limiter = new CountingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));
        using var _ = limiter;
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = pipeline.ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();
        limiter.Outstanding.Should().Be(1);

        var act = () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2)).AsTask();
        var rejected = (await act.Should().ThrowAsync<RateLimiterRejectedException>()).Which;
        rejected.RetryAfter.Should().BeNull();
        rejected.Message.Should().Be("The rate limiter 'default' rejected the call.");

        gate.SetResult(1);
        (await holder).Should().Be(1);
        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(3))).Should().Be(3);
        limiter.Outstanding.Should().Be(0);
        limiter.HandedOut.Should().Be(3);
    }

    [Fact]
    public async Task ExecuteAsync_EveryPath_DisposesTheLease()
    {
        var limiter = new CountingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 }));
        using var _ = limiter;
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();

        // Synchronous throw, asynchronous throw, a failed outcome, a success.
        await FluentActions.Awaiting(() => pipeline.ExecuteAsync<int>(static _ => throw new InvalidOperationException()).AsTask()).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => pipeline.ExecuteAsync<int>(static async _ => { await Task.Yield(); throw new TimeoutException(); }).AsTask()).Should().ThrowAsync<TimeoutException>();
        (await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new TimeoutException())), ResilienceContext.Get(), 0)).Exception.Should().BeOfType<TimeoutException>();
        (await pipeline.ExecuteAsync(static async _ => { await Task.Yield(); return 5; })).Should().Be(5);
        limiter.Outstanding.Should().Be(0);

        // A queued call whose wait is cancelled, and a rejection.
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = pipeline.ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();
        using var cts = new CancellationTokenSource();
        var queued = pipeline.ExecuteAsync(static _ => ValueTask.FromResult(6), cts.Token).AsTask();
        await FluentActions.Awaiting(() => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(7)).AsTask()).Should().ThrowAsync<RateLimiterRejectedException>();
        await cts.CancelAsync();
        await FluentActions.Awaiting(() => queued).Should().ThrowAsync<OperationCanceledException>();
        gate.SetResult(1);
        await holder;

        limiter.Outstanding.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_QueueHasRoom_WaitsForThePermit()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = pipeline.ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();

        var queued = pipeline.ExecuteAsync(static _ => ValueTask.FromResult(2)).AsTask();
        queued.IsCompleted.Should().BeFalse();
        gate.SetResult(1);

        (await queued).Should().Be(2);
        await holder;
    }

    [Fact]
    public async Task ExecuteAsync_Partitioned_EachPartitionHasItsOwnLimit()
    {
        using var limiter = PartitionedRateLimiter.Create<ResilienceContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(
                context.TryGetProperty(Tenant, out var tenant) ? tenant : "none",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1), AutoReplenishment = false }));
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(new RateLimiterStrategyOptions { PartitionedLimiter = limiter }).Build();

        (await Run(pipeline, "a")).HasResult.Should().BeTrue();
        (await Run(pipeline, "b")).HasResult.Should().BeTrue();
        (await Run(pipeline, "a")).IsRejected.Should().BeTrue();
        (await Run(pipeline, "b")).IsRejected.Should().BeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_OnRejectedThrows_LogsCountsAndStillRejects()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1 });
        using var held = limiter.AttemptAcquire();
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        using var errors = new MetricCollector<long>(RateLimitingMetrics.CallbackErrors);
        var name = "limiter-" + Guid.NewGuid().ToString("N");
        var seen = 0;
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(new RateLimiterStrategyOptions
        {
            Name = name,
            Limiter = limiter,
            TelemetryListener = factory.CreateResilienceTelemetryListener(),
            OnRejected = args =>
            {
                seen++;
                args.Lease.IsAcquired.Should().BeFalse();
                throw new InvalidOperationException("callback bug");
            },
        }).Build();

        var act = () => pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask();

        await act.Should().ThrowAsync<RateLimiterRejectedException>();
        seen.Should().Be(1);
        logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == RateLimitingConstants.CallbackFailedEventId && r.Message.Contains("InvalidOperationException", StringComparison.Ordinal));
        var counted = errors.GetMeasurementSnapshot().Where(m => (string?)m.Tags[RateLimitingConstants.NameTag] == name).Should().ContainSingle().Subject;
        counted.Value.Should().Be(1);
        counted.Tags[RateLimitingConstants.CallbackTag].Should().Be("on_rejected");
        counted.Tags[RateLimitingConstants.ErrorTypeTag].Should().Be(typeof(InvalidOperationException).FullName);
    }

    [Fact]
    public async Task ExecuteAsync_InsideRetry_RejectionWithLongRetryAfterIsNotRetried()
    {
        using var limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1), AutoReplenishment = false });
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = new FakeTimeProvider() }
            .AddRetry(new RetryOptions { MaxAttempts = 5, BaseDelay = TimeSpan.FromSeconds(1) })
            .AddRateLimiter(limiter)
            .Build();
        var calls = 0;
        await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(1); });

        var act = () => pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(2); }).AsTask();

        await act.Should().ThrowAsync<RateLimiterRejectedException>();
        calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_TokenBucketWithTokens_AllocatesNothing()
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1_000_000,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1),
            AutoReplenishment = false,
        });
        var pipeline = new ResiliencePipelineBuilder().AddRateLimiter(limiter).Build();
        for (var i = 0; i < 100; i++)
        {
            await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), i);
        }

        // The fewest bytes of several runs, so a one-off allocation of the runtime (tiering, a timer) does not count.
        var best = long.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), i);
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        best.Should().Be(0);
    }

    private static async Task<Outcome<int>> Run(ResiliencePipeline pipeline, string tenant)
    {
        var context = ResilienceContext.Get();
        context.SetProperty(Tenant, tenant);
        try
        {
            return await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromResult(1)), context, 0);
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }
}

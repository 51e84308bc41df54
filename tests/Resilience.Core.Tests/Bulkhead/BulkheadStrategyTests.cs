using Resilience.Bulkhead;

namespace Resilience.Core.Tests.Bulkhead;

public sealed class BulkheadStrategyTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new BulkheadOptions();
        using var bulkhead = new BulkheadStrategy(options);

        options.MaxConcurrency.Should().Be(25);
        options.QueueLimit.Should().Be(0);
        options.Name.Should().BeNull();
        bulkhead.InFlight.Should().Be(0);
        bulkhead.Queued.Should().Be(0);
        bulkhead.Rejected.Should().Be(0);
    }

    [Theory]
    [InlineData(0, 0, "Invalid BulkheadOptions: MaxConcurrency must be at least 1; it was 0.*")]
    [InlineData(1, -1, "Invalid BulkheadOptions: QueueLimit must be at least 0; it was -1.*")]
    public void Ctor_InvalidOptions_ThrowsNamingOptionAndValue(int maxConcurrency, int queueLimit, string message)
    {
        var act = () => new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = maxConcurrency, QueueLimit = queueLimit });

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public async Task ExecuteAsync_FullWithoutQueue_RejectsWithBulkheadRejectedException()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { Name = "payments", MaxConcurrency = 1 });
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = bulkhead.ExecuteAsync(_ => new ValueTask<int>(gate.Task));

        var act = () => bulkhead.ExecuteAsync(_ => ValueTask.FromResult(2)).AsTask();

        var thrown = (await act.Should().ThrowAsync<BulkheadRejectedException>()).Which;
        thrown.Should().BeAssignableTo<ExecutionRejectedException>();
        thrown.BulkheadName.Should().Be("payments");
        thrown.Message.Should().Be("The bulkhead 'payments' is full: 1 calls are in flight and 0 are queued.");
        bulkhead.Rejected.Should().Be(1);
        bulkhead.InFlight.Should().Be(1);
        gate.SetResult(1);
        (await holder).Should().Be(1);
        bulkhead.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteCoreAsync_Full_ReturnsRejectedOutcomeWithoutRunningOperation()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 1 });
        var pipeline = new ResiliencePipelineBuilder().AddBulkhead(bulkhead).Build();
        var gate = new TaskCompletionSource<Outcome<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = ResilienceContext.Get();
        var holder = pipeline.ExecuteOutcomeAsync((_, g) => new ValueTask<Outcome<int>>(g.Task), context, gate);
        var ran = false;

        var outcome = await pipeline.ExecuteOutcomeAsync((_, _) => { ran = true; return ValueTask.FromResult(Outcome.FromResult(1)); }, ResilienceContext.Get(), 0);

        outcome.IsRejected.Should().BeTrue();
        outcome.Exception.Should().BeOfType<BulkheadRejectedException>();
        ran.Should().BeFalse();
        gate.SetResult(Outcome.FromResult(5));
        (await holder).Result.Should().Be(5);
    }

    [Fact]
    public async Task ExecuteAsync_QueueHasRoom_WaitsThenRunsInOrder()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 1, QueueLimit = 1 });
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = bulkhead.ExecuteAsync(_ => new ValueTask<int>(gate.Task));

        var queued = bulkhead.ExecuteAsync(_ => ValueTask.FromResult(2));
        var rejected = () => bulkhead.ExecuteAsync(_ => ValueTask.FromResult(3)).AsTask();

        bulkhead.Queued.Should().Be(1);
        queued.IsCompleted.Should().BeFalse();
        await rejected.Should().ThrowAsync<BulkheadRejectedException>();
        gate.SetResult(1);
        (await holder).Should().Be(1);
        (await queued).Should().Be(2);
        bulkhead.Queued.Should().Be(0);
        bulkhead.Rejected.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_QueuedCallerCancels_LeavesQueueWithCancellation()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 1, QueueLimit = 1 });
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = bulkhead.ExecuteAsync(_ => new ValueTask<int>(gate.Task));
        using var cts = new CancellationTokenSource();
        var queued = bulkhead.ExecuteAsync(_ => ValueTask.FromResult(2), cts.Token).AsTask();

        await cts.CancelAsync();

        await queued.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        bulkhead.Queued.Should().Be(0);
        gate.SetResult(1);
        await holder;
        bulkhead.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_64ConcurrentCallers_NeverExceedsMaxConcurrency()
    {
        // Arrange: 4 slots and room for the other 60 callers in the queue; every operation waits on one gate.
        const int Slots = 4;
        const int Callers = 64;
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = Slots, QueueLimit = Callers - Slots });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int current = 0, max = 0, completed = 0;

        async ValueTask<int> Operation(CancellationToken ct)
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref max, now);
            await gate.Task;
            await Task.Yield();
            Interlocked.Decrement(ref current);
            Interlocked.Increment(ref completed);
            return now;
        }

        // Act: the callers race in from the thread pool; whatever the interleaving, 4 take slots and 60 queue.
        var callers = Enumerable.Range(0, Callers)
            .Select(_ => Task.Run(() => bulkhead.ExecuteAsync(Operation).AsTask()))
            .ToArray();
        SpinWait.SpinUntil(() => bulkhead.InFlight == Slots && bulkhead.Queued == Callers - Slots, TimeSpan.FromSeconds(60)).Should().BeTrue();
        var extra = () => bulkhead.ExecuteAsync(Operation).AsTask();
        await extra.Should().ThrowAsync<BulkheadRejectedException>();
        Volatile.Read(ref current).Should().Be(Slots);
        gate.SetResult();
        await Task.WhenAll(callers);

        // Assert
        max.Should().Be(Slots);
        completed.Should().Be(Callers);
        bulkhead.InFlight.Should().Be(0);
        bulkhead.Queued.Should().Be(0);
        bulkhead.Rejected.Should().Be(1);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref target, value, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }

    [Fact]
    public async Task Dispose_DuringAnInFlightCall_TheCallKeepsItsOutcomeAndLaterCallsAreRefused()
    {
        var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 1 });
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = bulkhead.ExecuteAsync(_ => new ValueTask<int>(release.Task)).AsTask();

        bulkhead.Dispose();
        release.SetResult(42);

        (await inFlight).Should().Be(42, "a call admitted before the dispose keeps its own outcome");
        var later = () => bulkhead.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask();
        await later.Should().ThrowAsync<ObjectDisposedException>();
    }
}

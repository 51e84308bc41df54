using Resilience.Batching;
using Resilience.CircuitBreaking;

namespace Resilience.Batching.Tests.Batching;

public sealed class ResilientBatchProcessorTests
{
    private static readonly IReadOnlyList<BatchItemFailure> NoFailures = [];
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Options_Defaults()
    {
        var options = new BatchProcessorOptions();

        options.BatchSize.Should().Be(100);
        options.MinRetryBatchSize.Should().Be(10);
    }

    [Theory]
    [InlineData(0, 10, "Invalid BatchProcessorOptions: BatchSize must be between 1 and 1000000; it was 0.*")]
    [InlineData(5, 0, "Invalid BatchProcessorOptions: MinRetryBatchSize must be between 1 and 1000000; it was 0.*")]
    public void Ctor_InvalidOptions_ThrowsNamingOptionAndValue(int batchSize, int minRetry, string message)
    {
        var act = () => new ResilientBatchProcessor<int>(Succeed, Breaker(), new BatchProcessorOptions { BatchSize = batchSize, MinRetryBatchSize = minRetry });

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public async Task ProcessAsync_AllSucceed_ProcessesEveryItemInBatchesOfDefaultSize()
    {
        var sizes = new List<int>();
        using var processor = new ResilientBatchProcessor<int>((batch, _) => { sizes.Add(batch.Count); return ValueTask.FromResult(NoFailures); }, Breaker());

        var report = await processor.ProcessAsync(Enumerable.Range(0, 250));

        sizes.Should().Equal(100, 100, 50);
        report.Status.Should().Be(BatchRunStatus.Completed);
        report.Processed.Should().Be(250);
        report.Batches.Select(b => (b.BatchNumber, b.Status, b.Processed)).Should().Equal((1, BatchStatus.Processed, 100), (2, BatchStatus.Processed, 100), (3, BatchStatus.Processed, 50));
        processor.Processed.Should().Be(250);
        processor.Pending.Should().Be(0);
    }

    [Fact]
    public async Task ProcessAsync_ProcessorReportsItemFailures_CapturedWithTheirErrors()
    {
        using var processor = new ResilientBatchProcessor<string>(
            (batch, _) => ValueTask.FromResult<IReadOnlyList<BatchItemFailure>>([new BatchItemFailure(1, new FormatException($"bad {batch[1]}"))]),
            Breaker(),
            new BatchProcessorOptions { BatchSize = 3 });

        var report = await processor.ProcessAsync(["a", "b", "c", "d", "e"]);

        report.Processed.Should().Be(3);
        report.Failed.Should().Be(2);
        report.FailedItems.Select(f => (f.Item, f.Error.Message)).Should().Equal(("b", "bad b"), ("e", "bad e"));
        processor.Failed.Should().Be(2);
        processor.Kept.Should().Be(0);
    }

    [Fact]
    public async Task ProcessAsync_CircuitOpens_KeepsCurrentBatchAndEveryRemainingItemInOrder()
    {
        // Arrange: the first two batches throw, which trips the guide's breaker (2 consecutive failures).
        var calls = 0;
        using var processor = new ResilientBatchProcessor<int>(
            (_, _) => ++calls <= 2 ? throw new IOException("storage down") : ValueTask.FromResult(NoFailures),
            Breaker(),
            new BatchProcessorOptions { BatchSize = 10 });

        // Act
        var report = await processor.ProcessAsync(Enumerable.Range(0, 45));

        // Assert: batches 1-2 kept as errors, batch 3 rejected and kept, the rest skipped and kept: nothing lost, order intact.
        calls.Should().Be(2);
        report.Status.Should().Be(BatchRunStatus.CircuitOpen);
        report.CircuitTrips.Should().Be(1);
        report.Batches.Select(b => (b.BatchNumber, b.Status, b.Kept)).Should().Equal(
            (1, BatchStatus.Error, 10), (2, BatchStatus.Error, 10), (3, BatchStatus.CircuitOpen, 10), (0, BatchStatus.SkippedRemaining, 15));
        report.Batches[0].Error.Should().BeOfType<IOException>();
        report.Batches[2].Error.Should().BeOfType<CircuitOpenException>();
        report.RetryAfter.Should().Be(TimeSpan.FromMinutes(5));
        processor.GetKeptItems().Should().Equal(Enumerable.Range(0, 45));
        report.Kept.Should().Be(45);
        report.KeptTotal.Should().Be(45);
    }

    [Fact]
    public async Task RetryKeptAsync_CircuitStillOpen_RefusesAndKeepsEverything()
    {
        var breaker = Breaker();
        breaker.Isolate();
        using var processor = new ResilientBatchProcessor<int>(Succeed, breaker, new BatchProcessorOptions { BatchSize = 10 });
        await processor.ProcessAsync(Enumerable.Range(0, 30));

        var report = await processor.RetryKeptAsync();

        report.Status.Should().Be(BatchRunStatus.Refused);
        report.Message.Should().StartWith("Circuit still open, retry later: 30 items are kept");
        report.Processed.Should().Be(0);
        processor.GetKeptItems().Should().Equal(Enumerable.Range(0, 30));
    }

    [Fact]
    public async Task RetryKeptAsync_AfterBreak_ProcessesKeptItemsInOrderWithHalvedBatchSize()
    {
        // Arrange: two failed batches open the circuit and everything is kept.
        var fail = true;
        var seen = new List<int[]>();
        using var processor = new ResilientBatchProcessor<int>(
            (batch, _) =>
            {
                if (fail)
                {
                    throw new IOException("down");
                }

                seen.Add(batch.ToArray());
                return ValueTask.FromResult(NoFailures);
            },
            Breaker(),
            new BatchProcessorOptions { BatchSize = 40 });
        await processor.ProcessAsync(Enumerable.Range(0, 100));
        processor.Kept.Should().Be(100);

        // Act: the downstream recovers and the break ends.
        fail = false;
        _time.Advance(TimeSpan.FromMinutes(5));
        var report = await processor.RetryKeptAsync();

        // Assert
        report.Status.Should().Be(BatchRunStatus.Completed);
        report.BatchSize.Should().Be(20);
        seen.Select(b => b.Length).Should().AllBeEquivalentTo(20);
        seen.SelectMany(b => b).Should().Equal(Enumerable.Range(0, 100));
        processor.Kept.Should().Be(0);
        processor.Processed.Should().Be(100);
    }

    [Theory]
    [InlineData(12, 10)]
    [InlineData(100, 50)]
    [InlineData(5, 10)]
    public async Task RetryKeptAsync_BatchSize_IsHalfWithMinimumOfTen(int batchSize, int expected)
    {
        var breaker = Breaker();
        breaker.Isolate();
        using var processor = new ResilientBatchProcessor<int>(Succeed, breaker, new BatchProcessorOptions { BatchSize = batchSize });
        await processor.ProcessAsync([1]);
        breaker.Reset();

        (await processor.RetryKeptAsync()).BatchSize.Should().Be(expected);
    }

    [Fact]
    public async Task RetryKeptAsync_NothingKept_SaysSo()
    {
        using var processor = new ResilientBatchProcessor<int>(Succeed, Breaker());

        var report = await processor.RetryKeptAsync();

        report.Status.Should().Be(BatchRunStatus.NothingToRetry);
        report.Message.Should().Be("No kept items to retry.");
    }

    [Fact]
    public async Task ProcessAsync_ProcessorReportsInvalidIndex_KeepsBatchAsError()
    {
        using var processor = new ResilientBatchProcessor<int>(
            (_, _) => ValueTask.FromResult<IReadOnlyList<BatchItemFailure>>([new BatchItemFailure(5, new IOException())]),
            Breaker(),
            new BatchProcessorOptions { BatchSize = 3 });

        var report = await processor.ProcessAsync([1, 2, 3]);

        report.Batches.Single().Status.Should().Be(BatchStatus.Error);
        report.Batches.Single().Error!.Message.Should().Contain("index 5");
        processor.GetKeptItems().Should().Equal(1, 2, 3);
        processor.Processed.Should().Be(0);
    }

    [Fact]
    public async Task ProcessAsync_Cancelled_KeepsTheBatchAndLeavesTheRestQueued()
    {
        using var cts = new CancellationTokenSource();
        using var processor = new ResilientBatchProcessor<int>(
            (_, ct) =>
            {
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                return ValueTask.FromResult(NoFailures);
            },
            Breaker(),
            new BatchProcessorOptions { BatchSize = 2 });
        processor.AddRange([1, 2, 3, 4, 5]);

        var act = () => processor.ProcessAsync(cts.Token).AsTask();

        await act.Should().ThrowAsync<OperationCanceledException>();
        processor.GetKeptItems().Should().Equal(1, 2);
        processor.Pending.Should().Be(3);
        (processor.Processed + processor.Failed + processor.Kept + processor.Pending).Should().Be(processor.Submitted);
    }

    private static ValueTask<IReadOnlyList<BatchItemFailure>> Succeed(IReadOnlyList<int> batch, CancellationToken cancellationToken) =>
        ValueTask.FromResult(NoFailures);

    private Resilience.CircuitBreaking.CircuitBreaker Breaker() => ResilientBatchProcessor.CreateDefaultBreaker("batch", _time);

    [Fact]
    public async Task ProcessAsync_BreakerShouldHandleThrows_BatchIsKeptAsAnErrorAndNothingIsLost()
    {
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker(
            "batch-throwing-predicate",
            new CircuitBreakerOptions { ShouldHandle = _ => throw new InvalidOperationException("predicate bug") },
            _time);
        using var processor = new ResilientBatchProcessor<int>(Succeed, breaker, new BatchProcessorOptions { BatchSize = 2, MinRetryBatchSize = 1 });

        var report = await processor.ProcessAsync([1, 2, 3]);

        processor.Kept.Should().Be(3, "both batches were handed to a breaker whose predicate threw; neither may be dropped");
        processor.GetKeptItems().Should().Equal(1, 2, 3);
        (processor.Processed + processor.Failed + processor.Kept + processor.Pending).Should().Be(processor.Submitted);
        report.Batches.Should().OnlyContain(b => b.Status == BatchStatus.Error);
        report.Batches.Select(b => b.Error).Should().AllBeOfType<InvalidOperationException>();
    }
}

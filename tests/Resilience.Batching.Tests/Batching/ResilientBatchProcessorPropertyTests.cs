using CsCheck;
using Resilience.Batching;

namespace Resilience.Batching.Tests.Batching;

/// <summary>The batch invariant over random fault schedules and concurrent producers (part of <see cref="ResilientBatchProcessor{TItem}"/>'s tests).</summary>
public sealed class ResilientBatchProcessorPropertyTests
{
    private enum Fault
    {
        None,
        ItemFailures,
        Throw,
    }

    [Fact]
    public async Task ProcessAndRetry_RandomFaultsAndConcurrentProducers_LoseNothingAndNeverReprocessSuccesses()
    {
        var faults = Gen.Frequency((6, Gen.Const(Fault.None)), (2, Gen.Const(Fault.ItemFailures)), (2, Gen.Const(Fault.Throw))).Array[0, 40];
        var scenario = Gen.Select(Gen.Int[1, 300], Gen.Int[1, 40], Gen.Int[1, 4], faults);

        await scenario.SampleAsync(
            async (itemCount, batchSize, producers, schedule) => await RunScenarioAsync(itemCount, batchSize, producers, schedule),
            iter: 60,
            threads: 1);
    }

    private static async Task RunScenarioAsync(int itemCount, int batchSize, int producers, Fault[] schedule)
    {
        // Arrange: a processor that follows the fault schedule and records what it was handed.
        var time = new FakeTimeProvider();
        var gate = new Lock();
        var calls = 0;
        var succeeded = new List<int>();
        var handed = new Dictionary<int, int>();
        var thrown = new Dictionary<int, int>();
        async ValueTask<IReadOnlyList<BatchItemFailure>> Process(IReadOnlyList<int> batch, CancellationToken ct)
        {
            await Task.Yield();
            Fault fault;
            lock (gate)
            {
                fault = calls < schedule.Length ? schedule[calls] : Fault.None;
                calls++;
                foreach (var item in batch)
                {
                    handed[item] = handed.GetValueOrDefault(item) + 1;
                    thrown[item] = thrown.GetValueOrDefault(item) + (fault == Fault.Throw ? 1 : 0);
                }
            }

            if (fault == Fault.Throw)
            {
                throw new IOException("batch failed");
            }

            var failures = fault == Fault.ItemFailures
                ? Enumerable.Range(0, batch.Count).Where(i => batch[i] % 3 == 0).Select(i => new BatchItemFailure(i, new FormatException())).ToArray()
                : [];
            lock (gate)
            {
                succeeded.AddRange(batch.Where((_, i) => !failures.Any(f => f.Index == i)));
            }

            return failures;
        }

        using var processor = new ResilientBatchProcessor<int>(
            Process, ResilientBatchProcessor.CreateDefaultBreaker("batch", time), new BatchProcessorOptions { BatchSize = batchSize });

        // Act: producers add their slices concurrently while runs take items; then retries after each break.
        var slices = Enumerable.Range(0, itemCount).GroupBy(i => i % producers).ToArray();
        var producing = slices.Select(slice => Task.Run(async () =>
        {
            foreach (var item in slice)
            {
                processor.Add(item);
                if (item % 7 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToArray();
        while (!producing.All(p => p.IsCompleted))
        {
            await processor.ProcessAsync();
            await Task.Yield();
        }

        await Task.WhenAll(producing);
        await processor.ProcessAsync();
        for (var round = 0; round < 10 && processor.Kept > 0; round++)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            await processor.RetryKeptAsync();
        }

        // Assert: the counts add up, every item is in exactly one place, and a success is never handed over again.
        processor.Submitted.Should().Be(itemCount);
        (processor.Processed + processor.Failed + processor.Kept + processor.Pending).Should().Be(itemCount);
        succeeded.Should().OnlyHaveUniqueItems();
        processor.Processed.Should().Be(succeeded.Count);
        var kept = processor.GetKeptItems();
        kept.Intersect(succeeded).Should().BeEmpty();
        foreach (var (item, count) in handed)
        {
            count.Should().BeLessThanOrEqualTo(thrown[item] + 1, $"item {item} was handed over again although its batch did not throw");
        }

        processor.Pending.Should().Be(0);
    }
}

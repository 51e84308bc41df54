namespace Resilience.Core.Tests.TestUtilities;

/// <summary>Helpers that drive a <see cref="FakeTimeProvider"/> and measure allocations.</summary>
internal static class TimeDriver
{
    /// <summary>Advances fake time in steps until the task completes; continuations may run on other threads, so it yields between steps.</summary>
    public static async Task<T> AdvanceUntilCompleteAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 100_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.Yield();
        }

        return await task;
    }

    /// <summary>Returns the bytes allocated by the fewest-allocating of several runs of <paramref name="iterations"/> calls, after warm-up.</summary>
    public static async Task<long> MeasureAllocationsAsync(Func<ValueTask> call, int iterations = 1000)
    {
        var best = long.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                await call();
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }
}

namespace Resilience.TestUtilities;

/// <summary>Measures what a call allocates on the calling thread (a check that success paths allocate nothing; speed is for BenchmarkDotNet).</summary>
public static class AllocationMeter
{
    /// <summary>Returns the bytes allocated by the fewest-allocating of several runs of <paramref name="iterations"/> calls, after warm-up.</summary>
    public static async Task<long> MeasureAsync(Func<ValueTask> call, int iterations = 1000)
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

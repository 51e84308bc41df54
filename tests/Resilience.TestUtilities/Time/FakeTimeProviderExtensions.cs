using Microsoft.Extensions.Time.Testing;

namespace Resilience.TestUtilities.Time;

/// <summary>Drives any <see cref="FakeTimeProvider"/> until the code under test is done.</summary>
public static class FakeTimeProviderExtensions
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
}

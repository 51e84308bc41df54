using Polly;
using Resilience.CircuitBreaking;
using ResilienceBuilder = Resilience.ResiliencePipelineBuilder;
using ResilienceTimeoutRejected = Resilience.Timeout.TimeoutRejectedException;

namespace Resilience.Docs.Tests.Polly;

/// <summary>The side-by-side block of docs/coming-from-polly.md, compiled against Polly.Core (a comparison test).</summary>
public static class SideBySideSnippets
{
    public static async Task<bool> RunAsync(LegacyClient legacy, CancellationToken cancellationToken)
    {
        #region polly-side-by-side
        var polly = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(1)).Build();                 // Polly
        var ours = new ResilienceBuilder().AddCircuitBreaker(new CircuitBreakerOptions(), "legacy").Build();   // Resilience
        try
        {
            await polly.ExecuteAsync(async ct => await ours.ExecuteAsync(async inner => await legacy.CallAsync(inner), ct), cancellationToken);
        }
        catch (ResilienceTimeoutRejected)
        {
            // A timeout stage of ours (Polly's own is Polly.Timeout.TimeoutRejectedException).
        }
        #endregion
        return legacy.Calls > 0;
    }
}

/// <summary>A service that returns <see cref="Task"/>, as real ones do.</summary>
public sealed class LegacyClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task CallAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        return Task.CompletedTask;
    }
}

using Polly;
using Polly.CircuitBreaker;
using Resilience.CircuitBreaking;
using PollyPipeline = Polly.ResiliencePipeline;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder;

namespace Resilience.Benchmarks;

/// <summary>The breakers the circuit-breaker benchmarks compare: ours and Polly's, closed or tripped open.</summary>
internal static class CircuitBreakerFixtures
{
    public static CircuitBreaking.CircuitBreaker CreateOurs(bool open)
    {
        var breaker = new CircuitBreaking.CircuitBreaker(
            "bench",
            new CircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromDays(1) });
        if (open)
        {
            for (var i = 0; i < 2; i++)
            {
                breaker.TryAcquirePermit(out var permit, out _);
                permit.RecordFailure();
            }

            if (breaker.State != Resilience.CircuitBreaking.CircuitState.Open)
            {
                throw new InvalidOperationException("Our breaker did not open.");
            }
        }

        return breaker;
    }

    public static PollyPipeline CreatePolly(bool open)
    {
        var stateProvider = new CircuitBreakerStateProvider();
        var pipeline = new PollyPipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromDays(1),
                StateProvider = stateProvider,
            })
            .Build();
        if (open)
        {
            for (var i = 0; i < 2; i++)
            {
                try
                {
                    pipeline.Execute(static () => throw new InvalidOperationException("fail"));
                }
                catch (InvalidOperationException)
                {
                    // Expected: tripping the circuit.
                }
            }

            if (stateProvider.CircuitState != Polly.CircuitBreaker.CircuitState.Open)
            {
                throw new InvalidOperationException("Polly's breaker did not open.");
            }
        }

        return pipeline;
    }

    public static ValueTask<int> Operation(int state, CancellationToken cancellationToken) => ValueTask.FromResult(state + 1);
}

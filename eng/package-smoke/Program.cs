// Package smoke test: this program is built against the freshly packed nupkgs (eng/verify-packages.sh), never the sources.
using Microsoft.Extensions.DependencyInjection;
using Resilience;
using Resilience.CircuitBreaking;
using Resilience.Registry;
using Resilience.Testing;

var services = new ServiceCollection();
services.AddLogging(); // the monitor's default alert sink logs
services.AddResilience().AddMonitoring().AddCircuitBreaker("payment-api", o =>
{
    o.FailureThreshold = 2;
    o.BreakDuration = TimeSpan.FromSeconds(30);
});
services.AddResilienceExceptionHandler(); // Resilience.AspNetCore: its framework reference flows to this console app

await using var provider = services.BuildServiceProvider();
var breaker = provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api");

var answer = await breaker.ExecuteAsync(static _ => ValueTask.FromResult(42));
Console.WriteLine($"call 1: {answer}");
for (var i = 2; i <= 3; i++)
{
    try
    {
        await breaker.ExecuteAsync<int>(static _ => throw new HttpRequestException("downstream is down"));
    }
    catch (HttpRequestException e)
    {
        Console.WriteLine($"call {i}: failed ({e.Message}), transient={Resilience.Http.HttpResiliencePredicates.IsTransientFailure(e, default)}, a2a-transient={Resilience.A2A.A2AResiliencePredicates.IsTransient(e)}");
    }
}

try
{
    await breaker.ExecuteAsync(static _ => ValueTask.FromResult(0));
    Console.WriteLine("call 4: ran although the circuit should be open");
    return 1;
}
catch (CircuitOpenException e)
{
    Console.WriteLine($"call 4: rejected by {e.BreakerName} ({e.State}), retry after {e.RetryAfter?.TotalSeconds:0} s");
}

var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerOptions(), "pipeline").Build();
Console.WriteLine($"pipeline: {await pipeline.ExecuteAsync(static (x, _) => ValueTask.FromResult(x * 2), 21)}");
Console.WriteLine($"state={breaker.State}");

// Resilience.RateLimiting: a fixed window of one permit rejects the second call with the limiter's retry-after.
using var window = new System.Threading.RateLimiting.FixedWindowRateLimiter(new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
{
    PermitLimit = 1,
    Window = TimeSpan.FromSeconds(30),
    AutoReplenishment = false,
});
var limited = new ResiliencePipelineBuilder().AddRateLimiter(window, "smoke").Build();
await limited.ExecuteAsync(static _ => ValueTask.FromResult(1));
try
{
    await limited.ExecuteAsync(static _ => ValueTask.FromResult(2));
    Console.WriteLine("rate limiter: admitted a call over its limit");
    return 1;
}
catch (Resilience.RateLimiting.RateLimiterRejectedException e)
{
    Console.WriteLine($"rate limiter: rejected, retry after {e.RetryAfter?.TotalSeconds:0} s");
}

// Resilience.Hedging: a primary that fails at once is hedged, and the hedged attempt's answer wins.
var hedgedAttempts = 0;
var hedged = new ResiliencePipelineBuilder()
    .AddHedging(new Resilience.Hedging.HedgingOptions<string> { MaxHedgedAttempts = 1, Delay = System.Threading.Timeout.InfiniteTimeSpan })
    .Build();
var hedgedAnswer = await hedged.ExecuteAsync(_ => Interlocked.Increment(ref hedgedAttempts) == 1
    ? ValueTask.FromException<string>(new TimeoutException("primary"))
    : ValueTask.FromResult("hedge"));
Console.WriteLine($"hedging: {hedgedAnswer} after {hedgedAttempts} attempts");
if (hedgedAnswer != "hedge" || hedgedAttempts != 2)
{
    return 1;
}

// Resilience.Testing: what the pipeline above is made of.
Console.WriteLine($"descriptor: {pipeline.GetPipelineDescriptor()}");

Console.WriteLine("PACKAGE SMOKE OK");
return 0;

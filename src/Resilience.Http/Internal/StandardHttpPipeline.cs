using Microsoft.Extensions.DependencyInjection;
using Resilience.Retry;

namespace Resilience.Http.Internal;

/// <summary>Builds the standard preset's stages: total timeout, retry, circuit breaker, attempt timeout.</summary>
internal static class StandardHttpPipeline
{
    public static void Configure(ResiliencePipelineBuilder builder, HttpResiliencePipelineContext context, StandardHttpResilienceOptions options)
    {
        if (options.TotalTimeout is { } total && total != System.Threading.Timeout.InfiniteTimeSpan)
        {
            context.AddTotalTimeout(builder, total);
        }

        builder.AddRetry(WithRetryAfter(options.Retry, builder.TimeProvider));
        HttpOverloadStages.Add(builder, context, options.ClientThrottling, options.AdaptiveConcurrency);
        builder.AddCircuitBreaker(CreateBreaker(context, options, builder.TimeProvider));
        context.AddAttemptTimeout(builder, options.AttemptTimeout);
    }

    private static CircuitBreaking.CircuitBreaker CreateBreaker(HttpResiliencePipelineContext context, StandardHttpResilienceOptions options, TimeProvider timeProvider)
    {
        if (context.Authority is null)
        {
            // The client's one breaker lives in the registry: monitoring, health checks and options reload cover it.
            return context.Services.GetRequiredService<HttpResiliencePipelineCache>().Registry.GetOrCreate(context.BreakerName);
        }

        // A per-authority breaker lives in the client's bounded store, never in the registry, so host names from
        // untrusted input cannot fill the registry for named breakers and other clients.
        return context.GetOrCreateOwnedBreaker(options.CircuitBreaker, timeProvider);
    }

    private static RetryOptions WithRetryAfter(RetryOptions options, TimeProvider timeProvider)
    {
        if (options.RetryAfterExtractor is not null)
        {
            return options;
        }

        // The retry stage copies its options, so a shallow copy with the extractor leaves the user's options untouched.
        return new RetryOptions
        {
            MaxAttempts = options.MaxAttempts,
            BaseDelay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ExponentialBase = options.ExponentialBase,
            Jitter = options.Jitter,
            DelayGenerator = options.DelayGenerator,
            MaxRetryAfter = options.MaxRetryAfter,
            ShouldHandle = options.ShouldHandle,
            OnRetry = options.OnRetry,
            Budget = options.Budget,
            TelemetryListener = options.TelemetryListener,
            Randomizer = options.Randomizer,
            Name = options.Name,

            // The retry stage bounds the hint by MaxRetryAfter.
            RetryAfterExtractor = args => args.Result is HttpResponseMessage response
                && HttpRetryAfter.TryGetDelay(response, timeProvider, TimeSpan.MaxValue, out var delay)
                    ? delay
                    : null,
        };
    }
}

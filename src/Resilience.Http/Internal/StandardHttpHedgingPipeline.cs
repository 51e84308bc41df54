using Resilience.Hedging;

namespace Resilience.Http.Internal;

/// <summary>Builds the standard hedging preset's stages: total timeout, hedging, the authority's breaker, attempt timeout.</summary>
internal static class StandardHttpHedgingPipeline
{
    public static void Configure(ResiliencePipelineBuilder builder, HttpResiliencePipelineContext context, StandardHttpHedgingOptions options)
    {
        if (options.TotalTimeout is { } total && total != System.Threading.Timeout.InfiniteTimeSpan)
        {
            context.AddTotalTimeout(builder, total);
        }

        builder.AddHedging(WithAttemptRequests(options.Hedging));
        HttpOverloadStages.Add(builder, context, options.ClientThrottling, options.AdaptiveConcurrency);

        // The breaker is the authority's own (the preset always scopes by authority): it lives in the client's bounded
        // store with the pipeline, never in the registry, so host names from untrusted input cannot fill the registry.
        builder.AddCircuitBreaker(context.GetOrCreateOwnedBreaker(options.CircuitBreaker, builder.TimeProvider));
        context.AddAttemptTimeout(builder, options.AttemptTimeout);
    }

    private static HedgingOptions<HttpResponseMessage> WithAttemptRequests(HedgingOptions<HttpResponseMessage> options) => new()
    {
        // The hedging stage copies its options, so a shallow copy with the action generator leaves the user's options untouched.
        Name = options.Name,
        MaxHedgedAttempts = options.MaxHedgedAttempts,
        Delay = options.Delay,
        DelayGenerator = options.DelayGenerator,
        ShouldHandle = options.ShouldHandle,
        OnHedging = options.OnHedging,
        Budget = options.Budget,
        TelemetryListener = options.TelemetryListener,
        ActionGenerator = static args =>
        {
            // Hedging sends a request more than once: only one the retry rules allow (idempotent method or opted in,
            // replayable content); any other request runs as its one attempt.
            if (!args.PrimaryContext.TryGetProperty(HttpResilienceProperties.RetryableRequest, out var request))
            {
                return null;
            }

            var attempt = args.ActionContext;
            var callback = args.Callback;

            // The attempt sends its own copy, and must not take the primary's response for a superseded one of its own.
            attempt.SetProperty(HttpResilienceProperties.AttemptRequest, HttpRequestCopy.Create(request));
            attempt.SetProperty(HttpResilienceProperties.LastResponse, null!);
            return () => callback(attempt);
        },
    };
}

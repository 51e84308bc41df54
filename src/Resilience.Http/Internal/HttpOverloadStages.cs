using System.Net;
using Resilience.AdaptiveConcurrency;
using Resilience.Internal;
using Resilience.Throttling;
using Resilience.Timeout;

namespace Resilience.Http.Internal;

/// <summary>
/// The presets' opt-in overload stages, client-side throttling then the adaptive concurrency limit, between the retry
/// (or hedging) and the breaker: every attempt is a request the backend sees, and a call the breaker rejects was never sent.
/// </summary>
internal static class HttpOverloadStages
{
    public const string ClientThrottling = "ClientThrottling";
    public const string AdaptiveConcurrency = "AdaptiveConcurrency";

    public static void Add(
        ResiliencePipelineBuilder builder,
        HttpResiliencePipelineContext context,
        ClientThrottlingOptions? throttling,
        AdaptiveConcurrencyOptions? adaptive)
    {
        // One instance per pipeline: per client, or per authority with HttpBreakerScope.Authority, so each backend host
        // is throttled and limited on what it alone accepts. The stages copy their options.
        if (throttling is not null)
        {
            var stage = new ClientThrottlingStrategy(WithHttpRules(throttling, context), builder.TimeProvider);
            context.OwnedStages.Add(stage);
            builder.AddClientThrottling(stage);
        }

        if (adaptive is not null)
        {
            var stage = new AdaptiveConcurrencyStrategy(WithHttpRules(adaptive, context), builder.TimeProvider);
            context.OwnedStages.Add(stage);
            builder.AddAdaptiveConcurrencyLimit(stage);
        }
    }

    public static void AddValidationErrors(ref OptionsGuard guard, ClientThrottlingOptions? throttling, AdaptiveConcurrencyOptions? adaptive)
    {
        guard.Nested(ClientThrottling, throttling);
        guard.Nested(AdaptiveConcurrency, adaptive);
    }

    /// <summary>Without a predicate of the user's, the backend did not accept a request that failed transiently (5xx, 408, 429, a network error, an attempt timeout).</summary>
    private static ClientThrottlingOptions WithHttpRules(ClientThrottlingOptions options, HttpResiliencePipelineContext context) => new()
    {
        Name = options.Name ?? context.BreakerName,
        Multiplier = options.Multiplier,
        Window = options.Window,
        MaxRejectionProbability = options.MaxRejectionProbability,
        ShouldHandle = options.ShouldHandle ?? HttpResiliencePredicates.IsTransientFailure,
        Randomizer = options.Randomizer,
    };

    /// <summary>Without a predicate of the user's, a drop is what the stage counts by default (a timeout, an inner rejection)
    /// and an answer by which the backend sheds load (429, 503).</summary>
    private static AdaptiveConcurrencyOptions WithHttpRules(AdaptiveConcurrencyOptions options, HttpResiliencePipelineContext context) => new()
    {
        Name = options.Name ?? context.BreakerName,
        Algorithm = options.Algorithm,
        InitialLimit = options.InitialLimit,
        MinLimit = options.MinLimit,
        MaxLimit = options.MaxLimit,
        BackoffRatio = options.BackoffRatio,
        DropLatency = options.DropLatency,
        RttTolerance = options.RttTolerance,
        LongWindow = options.LongWindow,
        IsDrop = options.IsDrop ?? IsHttpDrop,
    };

    private static bool IsHttpDrop(OutcomeArguments args) =>
        args.Exception is ExecutionRejectedException or TimeoutRejectedException or TimeoutException
        || args.Result is HttpResponseMessage { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable };
}

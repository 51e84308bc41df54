using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Resilience;
using Resilience.AdaptiveConcurrency;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Hedging;
using Resilience.Http;
using Resilience.Retry;
using Resilience.Throttling;

namespace Snippets;

/// <summary>The examples of docs/overload.md; tests/Resilience.Docs.Tests runs each.</summary>
public static class OverloadSnippets
{
    public static ResiliencePipeline Hedging(TimeProvider timeProvider, RetryBudget ordersRetryBudget)
    {
        #region overload-hedging
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(TimeSpan.FromSeconds(10))
            .AddHedging(new HedgingOptions<HttpResponseMessage>
            {
                MaxHedgedAttempts = 1,                  // 1..10 extra attempts
                Delay = TimeSpan.FromMilliseconds(300), // Zero: all at once; InfiniteTimeSpan: only on failure
                ShouldHandle = static a => a.Exception is not null || a.Result is HttpResponseMessage { StatusCode: >= HttpStatusCode.InternalServerError },
                Budget = ordersRetryBudget,             // each hedged attempt withdraws a retry
            })
            .Build();
        #endregion
        return pipeline;
    }

    public static void HttpHedging(IServiceCollection services, RetryBudget catalogBudget)
    {
        #region overload-http-hedging
        services.AddHttpClient("catalog", c => c.BaseAddress = new Uri("https://catalog.internal"))
            .AddStandardHedging(o =>
            {
                o.Hedging.Delay = TimeSpan.FromMilliseconds(300); // about the service's p90
                o.Hedging.Budget = catalogBudget;                 // hedges withdraw from the retry budget
            });
        #endregion
    }

    public static (ResiliencePipeline Pipeline, ClientThrottlingStrategy Throttle) Throttling(CircuitBreaker breaker)
    {
        #region overload-throttling
        var throttle = new ClientThrottlingStrategy(new ClientThrottlingOptions
        {
            Name = "inventory",
            Multiplier = 2,                       // K: send up to 2 requests per accepted one
            Window = TimeSpan.FromMinutes(2),     // the SRE book's two minutes, in 10 rolling slots
            ShouldHandle = static a => a.Exception is not null || a.Result is HttpResponseMessage { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests },
        });
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryOptions())
            .AddClientThrottling(throttle)        // one instance per backend, inside the retry: every attempt is a request
            .AddCircuitBreaker(breaker)
            .Build();
        #endregion
        return (pipeline, throttle);
    }

    public static void HttpPresets(IServiceCollection services)
    {
        #region overload-http-presets
        services.AddHttpClient("inventory", c => c.BaseAddress = new Uri("https://inventory.internal"))
            .AddStandardResilience(o =>
            {
                o.BreakerScope = HttpBreakerScope.Authority;       // a throttle and a limit per host, like the breakers
                o.ClientThrottling = new ClientThrottlingOptions(); // K = 2 over two minutes; 5xx, 408, 429 are not accepts
                o.AdaptiveConcurrency = new AdaptiveConcurrencyOptions { Algorithm = AdaptiveLimitAlgorithm.Gradient };
            });
        #endregion
    }

    public static void HttpPresetsFromConfiguration(WebApplicationBuilder builder)
    {
        #region overload-configuration
        builder.Services.AddResilience(builder.Configuration);    // Resilience:ClientThrottling:*, Resilience:AdaptiveConcurrency:*
        builder.Services.AddHttpClient("inventory")
            .AddStandardResilience(builder.Configuration.GetSection("Resilience:Http:inventory"));
        #endregion
    }

    public static void DependencyInjection(IServiceCollection services)
    {
        #region overload-dependency-injection
        services.AddResilience()
            .AddRateLimiter("inventory", static _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 100, TokensPerPeriod = 100, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0,
            }))
            .AddClientThrottling("inventory")
            .AddAdaptiveConcurrencyLimit("inventory", static o => o.Algorithm = AdaptiveLimitAlgorithm.Vegas)
            .AddServiceProfile("inventory");
        #endregion
    }
}

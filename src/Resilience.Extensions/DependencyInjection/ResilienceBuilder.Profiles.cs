using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal;
using Resilience.Registry;
using Resilience.Retry;
using Resilience.AdaptiveConcurrency;
using Resilience.RateLimiting;
using Resilience.Throttling;
using Resilience.Timeout;

namespace Resilience.DependencyInjection;

/// <content>Per-service profiles: a retry, a circuit breaker and a timeout under one service name.</content>
public sealed partial class ResilienceBuilder
{
    /// <summary>
    /// Declares the profile of service <paramref name="name"/>: named <see cref="RetryOptions"/>, <see cref="CircuitBreaking.CircuitBreakerOptions"/>
    /// and <see cref="TimeoutOptions"/> (each validated at start-up), and the pipeline <paramref name="name"/> of
    /// <see cref="AddPipeline"/> in the fixed order retry, then the registry's breaker of that name, then the
    /// per-attempt timeout. A shorthand for that <see cref="AddPipeline"/> call; register your own pipeline for any
    /// other stages or order. Overload protection is opt-in: a rate limiter registered under the same name
    /// (<see cref="AddRateLimiter"/>) goes outside the retry; client-side throttling (<see cref="AddClientThrottling"/>)
    /// and an adaptive concurrency limit (<see cref="AddAdaptiveConcurrencyLimit"/>) go between the retry and the breaker,
    /// in that order.
    /// </summary>
    /// <param name="name">The service name.</param>
    /// <param name="configureRetry">Changes to the retry options, or <see langword="null"/>.</param>
    /// <param name="configureTimeout">Changes to the timeout options, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Resolve it with <c>[FromKeyedServices("<paramref name="name"/>")] ResiliencePipeline</c> or
    /// <see cref="ResiliencePipelineProvider"/>. It follows configuration reloads: the breaker through the registry, the
    /// retry and timeout options by rebuilding the pipeline.</remarks>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid.</exception>
    public ResilienceBuilder AddServiceProfile(string name, Action<RetryOptions>? configureRetry = null, Action<TimeoutOptions>? configureTimeout = null)
    {
        AddCircuitBreaker(name);
        var retry = Services.AddOptions<RetryOptions>(name);
        var timeout = Services.AddOptions<TimeoutOptions>(name);
        if (configureRetry is not null)
        {
            retry.Configure(configureRetry);
        }

        if (configureTimeout is not null)
        {
            timeout.Configure(configureTimeout);
        }

        retry.ValidateOnStart();
        timeout.ValidateOnStart();
        return AddPipeline(name, static (builder, context) => ConfigureProfile(builder, context));
    }

    /// <summary>Binds the named retry and timeout options of every child of <paramref name="retries"/> and <paramref name="timeouts"/>, and declares their profiles.</summary>
    internal void AddServiceProfiles(IConfiguration retries, IConfiguration timeouts)
    {
        ResilienceOptionsRegistration.CheckKeys<RetryOptions>(
            Services, retries.GetSection, static s => s.Bind(new RetryOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.Retry);
        ResilienceOptionsRegistration.CheckKeys<TimeoutOptions>(
            Services, timeouts.GetSection, static s => s.Bind(new TimeoutOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.Timeout);
        foreach (var child in retries.GetChildren())
        {
            Services.AddOptions<RetryOptions>(child.Key).Bind(child);
            AddServiceProfile(child.Key);
        }

        foreach (var child in timeouts.GetChildren())
        {
            Services.AddOptions<TimeoutOptions>(child.Key).Bind(child);
            AddServiceProfile(child.Key);
        }
    }

    private static void ConfigureProfile(ResiliencePipelineBuilder builder, ResiliencePipelineBuildContext context)
    {
        var services = context.ServiceProvider;
        var retry = context.GetOptions<RetryOptions>();
        if (retry.Name == RetryOptionsDefaults.Name)
        {
            retry.Name = context.PipelineName;
        }

        retry.TelemetryListener ??= services.GetResilienceTelemetryListener();
        var timeout = context.GetOptions<TimeoutOptions>();
        timeout.TelemetryListener ??= services.GetResilienceTelemetryListener();
        var name = context.PipelineName;

        // The service's shared overload stages, when registered under its name (AddRateLimiter, AddClientThrottling,
        // AddAdaptiveConcurrencyLimit): the rate limiter outside the retry (one permit per call), the throttle and the
        // adaptive limit inside it (every attempt is a request the service sees), outside the breaker.
        if (services.GetKeyedService<RateLimiter>(name) is { } limiter)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { Name = name, Limiter = limiter, TelemetryListener = services.GetResilienceTelemetryListener() });
        }

        builder.AddRetry(retry);
        if (services.GetKeyedService<ClientThrottlingStrategy>(name) is { } throttle)
        {
            builder.AddClientThrottling(throttle);
        }

        if (services.GetKeyedService<AdaptiveConcurrencyStrategy>(name) is { } limit)
        {
            builder.AddAdaptiveConcurrencyLimit(limit);
        }

        builder
            .AddCircuitBreaker(context.GetCircuitBreaker())
            .AddTimeout(timeout);
    }
}

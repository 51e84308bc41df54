using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal;
using Resilience.Registry;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.DependencyInjection;

/// <content>Per-service profiles: a retry, a circuit breaker and a timeout under one service name.</content>
public sealed partial class ResilienceBuilder
{
    /// <summary>
    /// Declares the profile of service <paramref name="name"/>: named <see cref="RetryOptions"/>, <see cref="CircuitBreaker.CircuitBreakerOptions"/>
    /// and <see cref="TimeoutOptions"/> (each validated at start-up), and a keyed <see cref="ResiliencePipeline"/>
    /// (<c>[FromKeyedServices("<paramref name="name"/>")] ResiliencePipeline</c>): retry, then the registry's breaker of
    /// that name, then the per-attempt timeout.
    /// </summary>
    /// <param name="name">The service name.</param>
    /// <param name="configureRetry">Changes to the retry options, or <see langword="null"/>.</param>
    /// <param name="configureTimeout">Changes to the timeout options, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <remarks>The breaker follows configuration reloads (see <see cref="CircuitBreakerRegistry"/>); the retry and timeout
    /// options are read when the pipeline is first resolved and keep those values until the application restarts.</remarks>
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

        if (!Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && d.ServiceType == typeof(ResiliencePipeline)))
        {
            retry.ValidateOnStart();
            timeout.ValidateOnStart();
            Services.AddKeyedSingleton<ResiliencePipeline>(name, static (sp, key) => BuildProfilePipeline(sp, (string)key!));
        }

        return this;
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

    private static ResiliencePipeline BuildProfilePipeline(IServiceProvider services, string name)
    {
        var timeProvider = services.GetRequiredService<TimeProvider>();
        var retry = services.GetRequiredService<IOptionsMonitor<RetryOptions>>().Get(name);
        if (retry.Name == RetryOptionsDefaults.Name)
        {
            retry.Name = name;
        }

        retry.LoggerFactory ??= services.GetService<ILoggerFactory>();
        var timeout = services.GetRequiredService<IOptionsMonitor<TimeoutOptions>>().Get(name);
        timeout.LoggerFactory ??= services.GetService<ILoggerFactory>();
        return new ResiliencePipelineBuilder { Name = name, TimeProvider = timeProvider }
            .AddRetry(retry)
            .AddCircuitBreaker(services.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate(name))
            .AddTimeout(timeout)
            .Build();
    }
}

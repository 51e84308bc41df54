using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.DependencyInjection.Internal;
using Resilience.DependencyInjection.Internal.Validators;
using Resilience.Monitoring;
using Resilience.Registry;
using Resilience.Retry;
using Resilience.Telemetry;
using Resilience.Timeout;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Resilience library in a service collection.</summary>
public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="CircuitBreakerRegistry"/> singleton (fed by named <see cref="CircuitBreakerOptions"/>),
    /// the start-up validators, the system <see cref="TimeProvider"/> unless one is registered, and a
    /// <see cref="ResilienceTelemetryListener"/> that logs the library's events to the container's <c>ILoggerFactory</c>
    /// unless one is registered (register your own first to send them elsewhere).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to declare breakers, profiles and monitoring.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static ResilienceBuilder AddResilience(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        CircuitBreakerOptionsSetup.Register(services);
        ResilienceOptionsRegistration.AddReloadSafe<CircuitBreakerOptions>(services);
        ResilienceOptionsRegistration.AddReloadSafe<RetryOptions>(services);
        ResilienceOptionsRegistration.AddReloadSafe<TimeoutOptions>(services);
        ResilienceOptionsRegistration.AddReloadSafe<CircuitBreakerRegistryOptions>(services);
        ResilienceOptionsRegistration.AddReloadSafe<CircuitMonitorOptions>(services);
        services.AddOptions<CircuitBreakerRegistryOptions>().ValidateResilienceOptions(ResilienceBuilder.PathOf(ConfigurationSections.RegistrySection));
        ResilienceOptionsValidator<CircuitBreakerOptions>.Register(
            services, ResilienceBuilder.PathOf(ConfigurationSections.CircuitBreakersSection), static o => o.GetIneffectiveSettings());
        ResilienceOptionsValidator<RetryOptions>.Register(services, ResilienceBuilder.PathOf(ConfigurationSections.RetriesSection));
        ResilienceOptionsValidator<TimeoutOptions>.Register(services, ResilienceBuilder.PathOf(ConfigurationSections.TimeoutsSection));
        services.TryAddSingleton<ResilienceTelemetryListener>(static sp =>
            new LoggerTelemetryListener(sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>();
            CircuitBreakerRegistry? registry = null;
            registry = new CircuitBreakerRegistry(
                sp.GetRequiredService<IOptions<CircuitBreakerRegistryOptions>>().Value,
                optionsFactory: options.Get,
                timeProvider: sp.GetRequiredService<TimeProvider>(),
                subscribeToReloads: reload => options.OnChange((changed, name) =>
                {
                    // A rejected reload (logged and counted by the options factory) hands back the last valid options,
                    // the very instance the breaker runs on: nothing changed, so nothing is applied or logged as reloaded.
                    if (name is not null && registry?.TryGet(name, out var breaker) == true && ReferenceEquals(breaker!.Options, changed))
                    {
                        return;
                    }

                    reload(name, changed);
                }),
                telemetryListener: sp.GetResilienceTelemetryListener());

            // The monitor follows the registry through its added/removed events; the registry knows nothing of it.
            sp.GetService<CircuitBreakerMonitor>()?.Watch(registry);
            return registry;
        });
        return new ResilienceBuilder(services);
    }

    /// <summary>
    /// Adds the library as <see cref="AddResilience(IServiceCollection)"/> does, bound from the <c>Resilience</c> section
    /// of <paramref name="configuration"/>: <c>Resilience:CircuitBreakers:&lt;name&gt;</c> (one breaker per child),
    /// <c>Resilience:Retries:&lt;name&gt;</c> and <c>Resilience:Timeouts:&lt;name&gt;</c> (a service profile per name, see
    /// <see cref="ResilienceBuilder.AddServiceProfile"/>), <c>Resilience:ClientThrottling:&lt;name&gt;</c> and
    /// <c>Resilience:AdaptiveConcurrency:&lt;name&gt;</c> (a shared stage per name, see <see cref="ResilienceBuilder.AddClientThrottling"/>
    /// and <see cref="ResilienceBuilder.AddAdaptiveConcurrencyLimit"/>), <c>Resilience:Registry</c> and, when present,
    /// <c>Resilience:Monitoring</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration root.</param>
    /// <returns>A builder to declare more breakers, profiles and monitoring.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ResilienceBuilder AddResilience(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddResilience();
        var root = configuration.GetSection(ConfigurationSections.RootSection);
        var registry = root.GetSection(ConfigurationSections.RegistrySection);
        services.AddOptions<CircuitBreakerRegistryOptions>().Bind(registry);

        // Unknown keys fail start-up: the sections under Resilience, and the keys of the registry and monitoring
        // sections (the named sections are checked where they are declared).
        services.AddSingleton<IValidateOptions<CircuitBreakerRegistryOptions>>(new ConfigurationKeyValidator<CircuitBreakerRegistryOptions>(
            _ => [.. ConfigurationKeyCheck.CheckChildren(root, ConfigurationSettingNames.RootSections, "a section of the library"),
                .. ConfigurationKeyCheck.Check(registry, nameof(CircuitBreakerRegistryOptions), static s => s.Bind(new CircuitBreakerRegistryOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.Registry)]));
        builder.AddCircuitBreakers(root.GetSection(ConfigurationSections.CircuitBreakersSection));
        builder.AddServiceProfiles(root.GetSection(ConfigurationSections.RetriesSection), root.GetSection(ConfigurationSections.TimeoutsSection));
        builder.AddOverloadSections(
            root.GetSection(ConfigurationSettingNames.ClientThrottlingSection), root.GetSection(ConfigurationSettingNames.AdaptiveConcurrencySection));
        var monitoring = root.GetSection(ConfigurationSections.MonitoringSection);
        if (monitoring.Exists())
        {
            services.AddOptions<CircuitMonitorOptions>().Bind(monitoring);
            ResilienceOptionsRegistration.CheckKeys<CircuitMonitorOptions>(
                services, _ => monitoring, static s => s.Bind(new CircuitMonitorOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.Monitoring);
            builder.AddMonitoring();
        }

        return builder;
    }
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection.Internal;
using Resilience.DependencyInjection.Internal.Validators;
using Resilience.Monitoring.Internal;
using Resilience.Monitoring;
using Resilience.Registry;
using Resilience.Internal;

namespace Resilience.DependencyInjection;

/// <summary>Adds named circuit breakers, per-service profiles and monitoring to a service collection; returned by <c>AddResilience</c>.</summary>
/// <remarks>Every method validates its arguments and can be called more than once: configuring a name twice applies both
/// configurations in order, and the breaker is still registered once.</remarks>
public sealed partial class ResilienceBuilder
{
    internal ResilienceBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Declares the breaker <paramref name="name"/>: its options are validated when the host starts, and it can be
    /// injected as <c>[FromKeyedServices("<paramref name="name"/>")] CircuitBreaker</c>.
    /// </summary>
    /// <param name="name">The service name (not empty, at most 256 characters).</param>
    /// <param name="configure">Changes to the options, applied after the HTTP preset's template and the configuration
    /// section of the name (see <see cref="AddCircuitBreakers"/>), whatever the registration order; or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid.</exception>
    public ResilienceBuilder AddCircuitBreaker(string name, Action<CircuitBreakerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ServiceNames.Validate(name);
        var options = Services.AddOptions<CircuitBreakerOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!IsDeclared(name))
        {
            options.ValidateOnStart();
            Services.AddSingleton(new DeclaredBreaker(name));
            Services.AddKeyedSingleton<CircuitBreaker>(name, static (sp, key) => sp.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate((string)key!));
        }

        return this;
    }

    /// <summary>Declares one breaker per child of <paramref name="section"/> (for example <c>Resilience:CircuitBreakers</c>), bound from it.</summary>
    /// <param name="section">The section whose children are named breaker options.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// <para>Precedence, the same whatever the registration order: the HTTP preset's <c>CircuitBreaker</c> options
    /// (a template for every breaker of its client), then this section's child of the breaker's name, then code
    /// (<see cref="AddCircuitBreaker"/>'s <c>configure</c>, <c>Configure&lt;CircuitBreakerOptions&gt;(name, ...)</c>).
    /// Each step changes only what it sets.</para>
    /// <para>A key that binds to nothing fails start-up naming its path. A change of a child section reaches the
    /// existing breaker of that name when the configuration reloads; an invalid reload is logged and counted, and the
    /// breaker keeps its options. A child added after start-up is bound when its breaker is first created.</para>
    /// </remarks>
    public ResilienceBuilder AddCircuitBreakers(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Services.AddSingleton(new CircuitBreakerSection(section));
        ResilienceOptionsRegistration.CheckKeys<CircuitBreakerOptions>(
            Services, section.GetSection, static s => s.Bind(new CircuitBreakerOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.CircuitBreaker);
        foreach (var child in section.GetChildren())
        {
            AddCircuitBreaker(child.Key);
            ResilienceOptionsRegistration.AddChangeToken<CircuitBreakerOptions>(Services, child.Key, child);
        }

        return this;
    }

    /// <summary>Changes the registry's limits.</summary>
    /// <param name="configure">The change.</param>
    /// <returns>This builder.</returns>
    public ResilienceBuilder ConfigureRegistry(Action<CircuitBreakerRegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Adds the <see cref="CircuitBreakerMonitor"/> (dashboard, alerts) with the logger alert sink. Every breaker the
    /// registry creates is monitored. Run it in the background with <c>AddResilienceMonitoring()</c> of the
    /// <c>Resilience.HealthChecks</c> package, or call <see cref="CircuitBreakerMonitor.RunAsync"/> yourself.
    /// </summary>
    /// <param name="configure">Changes to the thresholds, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ResilienceBuilder AddMonitoring(Action<CircuitMonitorOptions>? configure = null)
    {
        var options = Services.AddOptions<CircuitMonitorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateResilienceOptions(PathOf(ConfigurationSections.MonitoringSection));
        // A host without logging still gets the built-in sink (writing nowhere) rather than a failure to start.
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, LoggerAlertSink>(static sp => new LoggerAlertSink(
            sp.GetService<Microsoft.Extensions.Logging.ILogger<LoggerAlertSink>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<LoggerAlertSink>.Instance)));
        Services.TryAddSingleton(static sp => new CircuitBreakerMonitor(
            sp.GetRequiredService<IOptions<CircuitMonitorOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetServices<IAlertSink>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<CircuitBreakerMonitor>>()));
        return this;
    }

    /// <summary>Adds an alert sink (a pager, a chat hook) next to the logger sink.</summary>
    /// <typeparam name="TSink">The sink type, created by the container.</typeparam>
    /// <returns>This builder.</returns>
    public ResilienceBuilder AddAlertSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>()
        where TSink : class, IAlertSink
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, TSink>());
        return this;
    }

    /// <summary>The configuration path of the options of a name in the section <c>Resilience:{kind}</c>: the section itself
    /// for the unnamed options, else its child of that name.</summary>
    internal static Func<string, string> PathOf(string kind)
    {
        var section = $"{ConfigurationSections.RootSection}:{kind}";
        return name => string.IsNullOrEmpty(name) ? section : $"{section}:{name}";
    }

    private bool IsDeclared(string name) =>
        Services.Any(d => d.ServiceType == typeof(DeclaredBreaker) && !d.IsKeyedService && d.ImplementationInstance is DeclaredBreaker b && b.Name == name);
}

using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.AdaptiveConcurrency;
using Resilience.DependencyInjection.Internal;
using Resilience.Internal;
using Resilience.Throttling;

namespace Resilience.DependencyInjection;

/// <content>Shared overload protection per service: the adaptive concurrency limit, client-side throttling and a rate limiter.</content>
public sealed partial class ResilienceBuilder
{
    /// <summary>
    /// Registers the adaptive concurrency limit of service <paramref name="name"/>: one <see cref="AdaptiveConcurrencyStrategy"/>
    /// shared by every pipeline that calls the service, resolved as a keyed service
    /// (<c>[FromKeyedServices("<paramref name="name"/>")] AdaptiveConcurrencyStrategy</c>), on the container's
    /// <see cref="TimeProvider"/>. The profile of the same name (<see cref="AddServiceProfile"/>) puts it inside its retry.
    /// </summary>
    /// <param name="name">The service name (not empty, at most 256 characters); also the limit's name in telemetry unless the options name it.</param>
    /// <param name="configure">Changes to the named <see cref="AdaptiveConcurrencyOptions"/>, or <see langword="null"/> for the defaults.</param>
    /// <returns>This builder.</returns>
    /// <remarks>The options are validated at start-up. The limit is created on first use and keeps its state for the
    /// container's lifetime: a later change of the options does not reach it.</remarks>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid.</exception>
    public ResilienceBuilder AddAdaptiveConcurrencyLimit(string name, Action<AdaptiveConcurrencyOptions>? configure = null)
    {
        AddSharedStage(name, configure, static (o, n) => o.Name ??= n, ConfigurationSettingNames.AdaptiveConcurrencySection);
        Services.AddKeyedSingleton(name, static (sp, key) => new AdaptiveConcurrencyStrategy(
            sp.GetRequiredService<IOptionsMonitor<AdaptiveConcurrencyOptions>>().Get((string)key!), sp.GetService<TimeProvider>()));
        return this;
    }

    /// <summary>
    /// Registers client-side adaptive throttling for service <paramref name="name"/>: one <see cref="ClientThrottlingStrategy"/>
    /// shared by every pipeline that calls the service, resolved as a keyed service
    /// (<c>[FromKeyedServices("<paramref name="name"/>")] ClientThrottlingStrategy</c>), on the container's
    /// <see cref="TimeProvider"/>. The profile of the same name (<see cref="AddServiceProfile"/>) puts it inside its retry.
    /// </summary>
    /// <param name="name">The service name (not empty, at most 256 characters); also the throttle's name in telemetry unless the options name it.</param>
    /// <param name="configure">Changes to the named <see cref="ClientThrottlingOptions"/>, or <see langword="null"/> for the defaults (K = 2 over two minutes).</param>
    /// <returns>This builder.</returns>
    /// <remarks>The options are validated at start-up. The throttle is created on first use and keeps its counts for the
    /// container's lifetime: a later change of the options does not reach it.</remarks>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid.</exception>
    public ResilienceBuilder AddClientThrottling(string name, Action<ClientThrottlingOptions>? configure = null)
    {
        AddSharedStage(name, configure, static (o, n) => o.Name ??= n, ConfigurationSettingNames.ClientThrottlingSection);
        Services.AddKeyedSingleton(name, static (sp, key) => new ClientThrottlingStrategy(
            sp.GetRequiredService<IOptionsMonitor<ClientThrottlingOptions>>().Get((string)key!), sp.GetService<TimeProvider>()));
        return this;
    }

    /// <summary>
    /// Registers the rate limiter of service <paramref name="name"/>: one <see cref="RateLimiter"/> (token bucket, window,
    /// concurrency, chained...) shared by every pipeline that calls the service, resolved as a keyed service and disposed
    /// with the container. The profile of the same name (<see cref="AddServiceProfile"/>) puts it outside its retry, so
    /// a call takes one permit for all its attempts; in your own pipeline add it with
    /// <c>builder.AddRateLimiter(context.ServiceProvider.GetRequiredKeyedService&lt;RateLimiter&gt;(name), name)</c>.
    /// </summary>
    /// <param name="name">The service name (not empty, at most 256 characters); also the stage's name in telemetry and rejections.</param>
    /// <param name="createLimiter">Creates the limiter, once, on first use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="createLimiter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid.</exception>
    public ResilienceBuilder AddRateLimiter(string name, Func<IServiceProvider, RateLimiter> createLimiter)
    {
        ThrowIfInvalidName(name);
        ArgumentNullException.ThrowIfNull(createLimiter);
        Services.AddKeyedSingleton<RateLimiter>(name, (sp, _) => createLimiter(sp));
        return this;
    }

    /// <summary>Registers a shared throttle per child of <paramref name="throttling"/> and a shared adaptive limit per child
    /// of <paramref name="adaptive"/>, bound from it (<c>Resilience:ClientThrottling:&lt;name&gt;</c>,
    /// <c>Resilience:AdaptiveConcurrency:&lt;name&gt;</c>); a key that binds to nothing fails start-up naming its path.</summary>
    internal void AddOverloadSections(IConfiguration throttling, IConfiguration adaptive)
    {
        ResilienceOptionsRegistration.CheckKeys<ClientThrottlingOptions>(
            Services, throttling.GetSection, static s => s.Bind(new ClientThrottlingOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.ClientThrottling);
        ResilienceOptionsRegistration.CheckKeys<AdaptiveConcurrencyOptions>(
            Services, adaptive.GetSection, static s => s.Bind(new AdaptiveConcurrencyOptions(), ConfigurationKeyCheck.Strict), ConfigurationSettingNames.AdaptiveConcurrency);
        foreach (var child in throttling.GetChildren())
        {
            Services.AddOptions<ClientThrottlingOptions>(child.Key).Bind(child);
            AddClientThrottling(child.Key);
        }

        foreach (var child in adaptive.GetChildren())
        {
            Services.AddOptions<AdaptiveConcurrencyOptions>(child.Key).Bind(child);
            AddAdaptiveConcurrencyLimit(child.Key);
        }
    }

    // The options of a shared stage, validated at start-up with their own rules; messages name them by their
    // configuration path, "Resilience:{kind}:{service}:{option} must be ...", whether they came from there or from code.
    private void AddSharedStage<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        string name, Action<TOptions>? configure, Action<TOptions, string> nameIt, string kind)
        where TOptions : class, IValidatableOptions
    {
        ThrowIfInvalidName(name);
        var options = Services.AddOptions<TOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o => nameIt(o, name)).ValidateResilienceOptions(PathOf(kind));
    }

    private static void ThrowIfInvalidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name) || name.Length > ServiceNames.MaxLength)
        {
            throw new ArgumentException($"A service name must not be empty or white space and at most {ServiceNames.MaxLength} characters.", nameof(name));
        }
    }
}

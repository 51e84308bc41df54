using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.DependencyInjection.Internal;
using Resilience.Http;
using Resilience.Http.Internal;
using Resilience.Registry;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <content>The standard preset.</content>
public static partial class HttpClientBuilderResilienceExtensions
{
    /// <summary>
    /// Adds the standard preset to the client: total timeout, retry, circuit breaker and attempt timeout, with the HTTP
    /// classification, idempotency rules and <c>Retry-After</c>; see <see cref="StandardHttpResilienceOptions"/> for the
    /// defaults. Sets <see cref="HttpClient.Timeout"/> to infinite, since the preset's total timeout replaces it.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configure">Changes the defaults, or <see langword="null"/>. Options are named after the client, so
    /// <c>services.Configure&lt;StandardHttpResilienceOptions&gt;("users", ...)</c> works too.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> has no client name (it comes from <c>ConfigureHttpClientDefaults</c>).</exception>
    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder, Action<StandardHttpResilienceOptions>? configure = null)
    {
        ThrowIfNoName(builder);

        // The client's breakers (one, or one per authority) take its CircuitBreaker options, in whichever registry holds them.
        var clients = GetStandardClients(builder.Services);
        clients.Add(builder.Name);
        var options = builder.Services.AddOptions<StandardHttpResilienceOptions>(builder.Name).ValidateResilienceOptions(
            clients.Describe,
            static o => o.CircuitBreaker?.GetIneffectiveSettings().Select(static e => $"{nameof(o.CircuitBreaker)}:{e}") ?? []);
        ResilienceOptionsRegistration.AddReloadSafe<StandardHttpResilienceOptions>(builder.Services);
        if (configure is not null)
        {
            options.Configure(configure);
        }


        builder.Services.TryAddSingleton<HttpBreakerOptionsSetup>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICircuitBreakerOptionsTemplate, HttpBreakerOptionsSetup>(
            static sp => sp.GetRequiredService<HttpBreakerOptionsSetup>()));
        CircuitBreakerOptionsSetup.Register(builder.Services);
        builder.ConfigureHttpClient(static client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        return AddHandler<StandardHttpResilienceOptions>(
            builder,
            static (pipeline, context) => StandardHttpPipeline.Configure(
                pipeline,
                context,
                context.Services.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get(context.ClientName)));
    }

    private static HttpStandardClients GetStandardClients(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(HttpStandardClients))?.ImplementationInstance is HttpStandardClients existing)
        {
            return existing;
        }

        var clients = new HttpStandardClients();
        services.AddSingleton(clients);
        services.AddSingleton<IValidateOptions<CircuitBreakerRegistryOptions>>(sp => new HttpSectionNamesValidator(sp.GetService<IConfiguration>(), clients));
        return clients;
    }

    /// <summary>Adds the standard preset with options bound from a configuration section (for example <c>Resilience:Http:users</c>).</summary>
    /// <remarks>A key of the section that binds to nothing fails start-up naming its path. A reload of the section
    /// rebuilds the client's pipelines (the breakers, kept in the registry, keep their state and take the new
    /// options); an invalid reload is logged and counted, and the client keeps its last valid options.</remarks>
    /// <param name="builder">The client's builder.</param>
    /// <param name="section">The section holding the client's <see cref="StandardHttpResilienceOptions"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="section"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> has no client name (it comes from <c>ConfigureHttpClientDefaults</c>).</exception>
    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder, IConfiguration section)
    {
        WatchSection<StandardHttpResilienceOptions>(builder, section, static s => s.Bind(new StandardHttpResilienceOptions(), ConfigurationKeyCheck.Strict), HttpResilienceConstants.StandardSettingNames);
        // The client's own breaker is reloaded by the registry; per-authority ones when the pipelines are rebuilt.
        ResilienceOptionsRegistration.AddChangeToken<CircuitBreakerOptions>(builder.Services, builder.Name, section);
        return builder.AddStandardResilience(options =>
        {
            // Source-generated binding (no reflection): delegates and services (predicates, callbacks, logger factories,
            // budgets) cannot come from configuration and are skipped (SYSLIB1100/1101, silenced in the project file);
            // every number, duration, enum and operation-type timeout binds.
            section.Bind(options);
            section.GetSection(nameof(StandardHttpResilienceOptions.Retry)).Bind(options.Retry);
        });
    }

    /// <summary>What binding a preset from <paramref name="section"/> needs besides the binding itself: the client's
    /// configuration path for messages, the unknown-key check at start-up and the reload of the section.</summary>
    private static void WatchSection<TOptions>(IHttpClientBuilder builder, IConfiguration section, Action<IConfiguration> strictBind, string[] settingNames)
        where TOptions : class
    {
        ThrowIfNoName(builder);
        ArgumentNullException.ThrowIfNull(section);

        var name = builder.Name;
        GetStandardClients(builder.Services).SetSection(name, section);
        ResilienceOptionsRegistration.CheckKeys<TOptions>(builder.Services, n => n == name ? section : null, strictBind, settingNames);
        ResilienceOptionsRegistration.AddChangeToken<TOptions>(builder.Services, name, section);
    }
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience;
using Resilience.DependencyInjection;
using Resilience.DependencyInjection.Internal;
using Resilience.Http;
using Resilience.Http.Internal;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Adds Resilience's HTTP handler to a named <see cref="HttpClient"/>. The names differ from
/// Microsoft.Extensions.Http.Resilience's <c>AddResilienceHandler</c>/<c>AddStandardResilienceHandler</c>, so a project
/// can reference both packages.
/// </summary>
public static partial class HttpClientBuilderResilienceExtensions
{
    /// <summary>
    /// Sends every request of the client through a pipeline built by <paramref name="configurePipeline"/>: once for the
    /// client, or once per authority when <see cref="ResilientHttpClientOptions.BreakerScope"/> is
    /// <see cref="HttpBreakerScope.Authority"/>. Pipelines live as long as the application, so breaker state survives the
    /// factory's handler rotation.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configurePipeline">Adds the stages; the context names the client, the authority and the breaker.</param>
    /// <param name="configureOptions">Configures the client's <see cref="ResilientHttpClientOptions"/>, or <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configurePipeline"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> has no client name (it comes from <c>ConfigureHttpClientDefaults</c>).</exception>
    /// <remarks>Calling it again for the same client replaces the pipeline configuration; the handler is added once.
    /// Use <see cref="HttpResiliencePredicates.ShouldRetry"/> as a retry's predicate so the idempotency and content rules apply.</remarks>
    public static IHttpClientBuilder AddResilience(
        this IHttpClientBuilder builder,
        Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext> configurePipeline,
        Action<ResilientHttpClientOptions>? configureOptions = null)
    {
        ThrowIfNoName(builder);
        ArgumentNullException.ThrowIfNull(configurePipeline);

        var options = builder.Services.AddOptions<ResilientHttpClientOptions>(builder.Name).ValidateResilienceOptions(HttpClientPaths.Of);
        ResilienceOptionsRegistration.AddReloadSafe<ResilientHttpClientOptions>(builder.Services);
        if (configureOptions is not null)
        {
            options.Configure(configureOptions);
        }

        return AddHandler<ResilientHttpClientOptions>(builder, configurePipeline);
    }



    private static void ThrowIfNoName(IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Pipelines, breakers and options are per client name; ConfigureHttpClientDefaults has none to key them by.
        if (builder.Name is null)
        {
            throw new ArgumentException(
                "Resilience.Http needs a named client: add it to each client (services.AddHttpClient(\"name\")...), not in ConfigureHttpClientDefaults.",
                nameof(builder));
        }
    }

    // TOptions: the options type the client's pipelines are built from; a reload of exactly those options rebuilds them.
    private static IHttpClientBuilder AddHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IHttpClientBuilder builder,
        Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext> configurePipeline)
        where TOptions : ResilientHttpClientOptions
    {
        var name = builder.Name;
        var services = builder.Services;
        services.Configure<HttpResilienceRegistration>(name, r =>
        {
            r.ConfigurePipeline = configurePipeline;
            r.GetOptions = static (sp, clientName) => sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(clientName);
            r.OptionsType = typeof(TOptions);
        });
        services.TryAddSingleton<HttpResiliencePipelineCache>();

        // Idempotent: a keyed marker per client name says the handler is already in this client's chain.
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(HttpResilienceMarker) && Equals(d.ServiceKey, name)))
        {
            return builder;
        }

        services.AddKeyedSingleton<HttpResilienceMarker>(name);
        return builder.AddHttpMessageHandler(sp => sp.GetRequiredService<HttpResiliencePipelineCache>().CreateHandler(name));
    }

    /// <summary>
    /// Makes the client's primary handler a <see cref="SocketsHttpHandler"/> configured for pool resilience: pooled
    /// connections recycled after 2 minutes (DNS changes are seen), idle ones closed after 1 minute, at most 100
    /// connections per server, and a connect timeout of min(request timeout / 3, 10 s).
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configure">Changes the defaults, or <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> has no client name (it comes from <c>ConfigureHttpClientDefaults</c>).</exception>
    public static IHttpClientBuilder ConfigureConnectionPool(this IHttpClientBuilder builder, Action<HttpConnectionPoolOptions>? configure = null)
    {
        ThrowIfNoName(builder);

        var options = builder.Services.AddOptions<HttpConnectionPoolOptions>(builder.Name).ValidateResilienceOptions(HttpClientPaths.Of);
        ResilienceOptionsRegistration.AddReloadSafe<HttpConnectionPoolOptions>(builder.Services);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var name = builder.Name;
        return builder.ConfigurePrimaryHttpMessageHandler(sp =>
            HttpConnectionPool.CreateHandler(sp.GetRequiredService<IOptionsMonitor<HttpConnectionPoolOptions>>().Get(name)));
    }
}

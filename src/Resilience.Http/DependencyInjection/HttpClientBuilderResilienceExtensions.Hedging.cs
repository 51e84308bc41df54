using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection;
using Resilience.DependencyInjection.Internal;
using Resilience.Http;
using Resilience.Http.Internal;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <content>The standard hedging preset.</content>
public static partial class HttpClientBuilderResilienceExtensions
{
    /// <summary>
    /// Adds the standard hedging preset to the client, the analogue of Microsoft.Extensions.Http.Resilience's
    /// <c>AddStandardHedgingHandler</c>: total timeout, hedging (another attempt after a delay without an answer, or at
    /// once on a failure), a circuit breaker per authority and an attempt timeout; see <see cref="StandardHttpHedgingOptions"/>
    /// for the defaults. Non-idempotent requests (POST, PATCH) are hedged only with
    /// <see cref="ResilientHttpHandlerOptions.AllowNonIdempotentRetries"/>. Sets <see cref="HttpClient.Timeout"/> to
    /// infinite, since the preset's total timeout replaces it.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configure">Changes the defaults, or <see langword="null"/>. Options are named after the client, so
    /// <c>services.Configure&lt;StandardHttpHedgingOptions&gt;("users", ...)</c> works too.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> has no client name (it comes from <c>ConfigureHttpClientDefaults</c>).</exception>
    /// <remarks>A client has one resilience handler: calling this after <c>AddStandardResilience</c> or <c>AddResilience</c>
    /// (or before) replaces that pipeline. The options are read when a pipeline is built (once per authority).</remarks>
    public static IHttpClientBuilder AddStandardHedging(this IHttpClientBuilder builder, Action<StandardHttpHedgingOptions>? configure = null)
    {
        ThrowIfNoName(builder);

        var clients = GetStandardClients(builder.Services);
        var options = builder.Services.AddOptions<StandardHttpHedgingOptions>(builder.Name).ValidateResilienceOptions(
            clients.Describe,
            static o => o.CircuitBreaker?.GetIneffectiveSettings().Select(static e => $"{nameof(o.CircuitBreaker)}:{e}") ?? []);
        ResilienceOptionsRegistration.AddReloadSafe<StandardHttpHedgingOptions>(builder.Services);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.ConfigureHttpClient(static client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        return AddHandler<StandardHttpHedgingOptions>(
            builder,
            static (pipeline, context) => StandardHttpHedgingPipeline.Configure(
                pipeline,
                context,
                context.Services.GetRequiredService<IOptionsMonitor<StandardHttpHedgingOptions>>().Get(context.ClientName)));
    }

    /// <summary>Adds the standard hedging preset with options bound from a configuration section (for example <c>Resilience:Http:catalog</c>).</summary>
    /// <remarks>As <see cref="AddStandardResilience(IHttpClientBuilder, IConfiguration)"/>: a key of the section that binds
    /// to nothing fails start-up naming its path, and a reload rebuilds the client's pipelines (an invalid reload is
    /// logged and counted, and the client keeps its last valid options). Delegates (predicates, generators, callbacks)
    /// and the retry budget can only be set in code, with <see cref="AddStandardHedging(IHttpClientBuilder, Action{StandardHttpHedgingOptions}?)"/>
    /// or <c>services.Configure&lt;StandardHttpHedgingOptions&gt;(name, ...)</c>.</remarks>
    /// <param name="builder">The client's builder.</param>
    /// <param name="section">The section holding the client's <see cref="StandardHttpHedgingOptions"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="section"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="builder"/> has no client name (it comes from <c>ConfigureHttpClientDefaults</c>).</exception>
    public static IHttpClientBuilder AddStandardHedging(this IHttpClientBuilder builder, IConfiguration section)
    {
        WatchSection<StandardHttpHedgingOptions>(builder, section, static s => s.Bind(new StandardHttpHedgingOptions(), ConfigurationKeyCheck.Strict), HttpResilienceConstants.HedgingSettingNames);

        // Source-generated binding, as the standard preset's: numbers, durations and enums bind, delegates are skipped.
        return builder.AddStandardHedging(options => section.Bind(options));
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Resilience.DependencyInjection;
using Resilience.HealthChecks;
using Resilience.Monitoring;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Runs the circuit monitor in the background and adds the webhook alert sink.</summary>
public static class ResilienceBuilderHostingExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the webhook sink sends with (configure it with <c>AddHttpClient(name)</c>).</summary>
    public const string WebhookHttpClientName = "Resilience.AlertWebhook";

    /// <summary>Adds the monitor (as <see cref="ResilienceBuilder.AddMonitoring"/> does) and a hosted service that runs it for the life of the host.</summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="configure">Changes to the thresholds, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ResilienceBuilder AddBackgroundMonitoring(this ResilienceBuilder builder, Action<CircuitMonitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddMonitoring(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CircuitBreakerMonitorService>());
        return builder;
    }

    /// <summary>Adds a <see cref="WebhookAlertSink"/> that POSTs each alert as JSON to <paramref name="endpoint"/> through <c>IHttpClientFactory</c>.</summary>
    /// <param name="builder">The resilience builder.</param>
    /// <param name="endpoint">The webhook's absolute http or https address.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>The endpoint is checked when the sink is first resolved (at host start when the monitor runs in the background).</remarks>
    public static ResilienceBuilder AddWebhookAlertSink(this ResilienceBuilder builder, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpoint);
        builder.Services.AddHttpClient(WebhookHttpClientName);
        builder.Services.AddSingleton<IAlertSink>(sp => new WebhookAlertSink(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttpClientName), endpoint));
        return builder;
    }
}

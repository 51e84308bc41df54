using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Resilience.AspNetCore.Dashboard;
using Resilience.AspNetCore.Dashboard.Internal;
using Resilience.Monitoring;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the Resilience dashboard: an HTML page that refreshes itself and a JSON snapshot of every monitored circuit breaker.</summary>
public static class ResilienceDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard under <paramref name="pattern"/>: <c>GET {pattern}</c> is the page (state colours, each breaker's
    /// state and success rate over the last 60 refresh intervals as a sparkline, health score, success rate, recent
    /// transitions, active alerts), <c>GET {pattern}/snapshot</c> the monitor's snapshot as JSON.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The route prefix.</param>
    /// <param name="configure">Changes the options (authorization policy, refresh interval, title), or <see langword="null"/>.</param>
    /// <returns>A builder for the dashboard's endpoints, to add conventions (host, CORS, rate limiting).</returns>
    /// <remarks>
    /// <para>The endpoints require authorization: the application's default policy unless
    /// <see cref="ResilienceDashboardOptions.AuthorizationPolicy"/> names another, so an application without authentication
    /// configured refuses to serve the dashboard instead of publishing it. Only
    /// <see cref="ResilienceDashboardOptions.AllowAnonymous"/> makes the dashboard public.</para>
    /// <para>The page shows breaker names, states, counters, transition reasons and alert texts, all HTML-encoded; it never
    /// shows options, exception messages or alert-sink addresses. The page carries a strict Content-Security-Policy
    /// (no inline code) and is never cached.</para>
    /// <para>The <see cref="CircuitBreakerMonitor"/> comes from the application's services
    /// (<c>services.AddResilience().AddMonitoring()</c>).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pattern"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad option and its value.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="CircuitBreakerMonitor"/> is registered.</exception>
    public static IEndpointConventionBuilder MapResilienceDashboard(
        this IEndpointRouteBuilder endpoints,
        string pattern = DashboardConstants.DefaultPattern,
        Action<ResilienceDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var options = new ResilienceDashboardOptions();
        configure?.Invoke(options);
        options = DashboardOptionsGuard.ValidateAndCopy(options, nameof(configure));
        var monitor = endpoints.ServiceProvider.GetService<CircuitBreakerMonitor>()
            ?? throw new InvalidOperationException(
                "The Resilience dashboard needs a CircuitBreakerMonitor in the application's services: call services.AddResilience().AddMonitoring().");

        // The sparklines' sampler runs on the application's clock for as long as the application does.
        var history = new DashboardHistory(monitor, endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System, options.RefreshInterval);
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(history.Dispose);
        var handlers = new DashboardEndpoints(monitor, options, history);
        var group = endpoints.MapGroup(pattern);
        group.MapGet(string.Empty, handlers.PageAsync);
        group.MapGet(DashboardConstants.SnapshotRoute, handlers.SnapshotAsync);
        group.MapGet(DashboardConstants.FragmentRoute, handlers.FragmentAsync);
        group.MapGet(DashboardConstants.ScriptRoute, DashboardEndpoints.ScriptAsync);
        group.MapGet(DashboardConstants.StyleRoute, DashboardEndpoints.StyleAsync);
        group.ExcludeFromDescription();
        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        else if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.RequireAuthorization();
        }

        return group;
    }
}

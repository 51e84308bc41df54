using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Resilience.CircuitBreaking;
using Resilience.TestUtilities.Http;

namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>
/// An application as a user would write it: two resilient HTTP clients (<c>inventory</c>, <c>payments</c>) on the
/// standard preset, the circuit breaker health check on <c>/health</c>, and the OpenTelemetry SDK with the
/// <c>Resilience</c> meter exported to memory and to the Prometheus scraping endpoint <c>/metrics</c>. Kestrel on
/// 127.0.0.1; the resilience stages run on a <see cref="FakeTimeProvider"/> the tests move.
/// </summary>
internal sealed class ObservedApp : IAsyncDisposable
{
    public const string Inventory = "inventory";
    public const string Payments = "payments";

    private readonly WebApplication _app;
    private readonly List<Metric> _exported;

    private ObservedApp(WebApplication app, List<Metric> exported, Uri baseAddress)
    {
        _app = app;
        _exported = exported;
        BaseAddress = baseAddress;
    }

    public FakeTimeProvider Time => (FakeTimeProvider)_app.Services.GetRequiredService<TimeProvider>();

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ObservedApp> StartAsync(Uri downstream)
    {
        var exported = new List<Metric>();
        var builder = LoopbackHost.CreateBuilder("ObservedApp");
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        builder.Services.AddResilience();
        builder.Services.AddHttpClient(Inventory, c => c.BaseAddress = downstream).AddStandardResilience(o =>
        {
            o.TotalTimeout = null;
            o.Retry.MaxAttempts = 2;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.MaxDelay = TimeSpan.Zero;
            o.CircuitBreaker.TripPolicy = CircuitBreakerTripPolicy.ConsecutiveFailures;
            o.CircuitBreaker.FailureThreshold = 4;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
            o.AttemptTimeout.Timeouts["standard_request"] = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddHttpClient(Payments, c => c.BaseAddress = downstream).AddStandardResilience(o =>
        {
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.MaxDelay = TimeSpan.Zero;
        });
        builder.Services.AddHealthChecks().AddCircuitBreakers();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Telemetry.ResilienceTelemetryNames.MeterName)
            .AddInMemoryExporter(exported)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint();
        return new ObservedApp(app, exported, await LoopbackHost.StartAsync(app));
    }

    public HttpClient CreateClient(string name) => _app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    /// <summary>Collects every instrument now and returns what the in-memory exporter received.</summary>
    public IReadOnlyList<Metric> Collect()
    {
        lock (_exported)
        {
            _exported.Clear();
            // The Prometheus reader is pulled, so the provider's flush reports false for it; the in-memory reader is pushed.
            _app.Services.GetRequiredService<MeterProvider>().ForceFlush();
            _exported.Should().NotBeEmpty();
            return [.. _exported];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

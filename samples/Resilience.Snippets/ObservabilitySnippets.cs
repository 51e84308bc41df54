using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Resilience.CircuitBreaking;

namespace Snippets;

/// <summary>docs/observability.md's quick start (tests/Resilience.Docs.Tests runs it on 127.0.0.1 and scrapes it).</summary>
public static class ObservabilitySnippets
{
    public static WebApplication QuickStart(WebApplicationBuilder builder, PaymentsClient payments, Uri alertWebhook)
    {
        #region observability-quick-start
        builder.Services.AddResilience(builder.Configuration)     // registry + one breaker per Resilience:CircuitBreakers:<name>
            .AddCircuitBreaker("inventory", o => o.FailureThreshold = 3)
            .AddBackgroundMonitoring()                            // Resilience.HealthChecks: monitor + alerts in a hosted service
            .AddWebhookAlertSink(alertWebhook);                   // e.g. https://hooks.example.com/resilience

        builder.Services.AddHealthChecks().AddCircuitBreakers();   // Resilience.HealthChecks

        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter("Resilience").AddPrometheusExporter());

        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapPrometheusScrapingEndpoint();                       // GET /metrics, for deploy/prometheus and deploy/grafana
        // ChargeAsync returns Task<Receipt>, as real services do; the breaker takes a ValueTask-returning operation.
        app.MapGet("/pay", async ([FromKeyedServices("payment-api")] CircuitBreaker breaker, CancellationToken ct) =>
            await breaker.ExecuteAsync(async token => await payments.ChargeAsync(new Order("o-1", 10m), token), ct));
        #endregion
        return app;
    }
}

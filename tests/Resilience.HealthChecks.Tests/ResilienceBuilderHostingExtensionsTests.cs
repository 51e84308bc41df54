using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Resilience.HealthChecks;
using Resilience.Monitoring;
using Resilience.Registry;

namespace Resilience.HealthChecks.Tests;

public sealed class ResilienceBuilderHostingExtensionsTests
{
    [Fact]
    public async Task AddBackgroundMonitoring_HostRuns_FlappingBreakerReachesTheWebhook()
    {
        var time = new FakeTimeProvider();
        var handler = new RecordingHandler();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddResilience()
            .AddCircuitBreaker("flaky", o => { o.FailureThreshold = 1; o.BreakDuration = TimeSpan.FromSeconds(1); })
            .AddBackgroundMonitoring()
            .AddWebhookAlertSink(new Uri("https://hooks.example.com/alerts?token=abc"));
        builder.Services.AddHttpClient(ResilienceBuilderHostingExtensions.WebhookHttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var breaker = host.Services.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("flaky");

        for (var i = 0; i < 3; i++)
        {
            breaker.TryAcquirePermit(out var permit, out _);
            permit.RecordFailure(); // closed -> open, or half-open -> open
            time.Advance(TimeSpan.FromSeconds(2));
            breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue(); // open -> half-open
            if (i < 2)
            {
                probe.RecordFailure();
                time.Advance(TimeSpan.FromSeconds(2));
                breaker.TryAcquirePermit(out _, out _);
            }
        }

        var body = await handler.FirstBody.WaitAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        body.Should().Contain("\"kind\":\"Flapping\"").And.Contain("\"circuitBreakerName\":\"flaky\"");
        handler.Uri.Should().Be(new Uri("https://hooks.example.com/alerts?token=abc"));
        host.Services.GetServices<IHostedService>().Should().ContainSingle(s => s is CircuitBreakerMonitorService);
        host.Services.GetServices<IAlertSink>().Select(s => s.GetType()).Should().BeEquivalentTo([typeof(LoggerAlertSink), typeof(WebhookAlertSink)]);
    }

    [Fact]
    public void AddBackgroundMonitoring_CalledTwice_RegistersOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddResilience().AddBackgroundMonitoring().AddBackgroundMonitoring();

        services.Count(d => d.ServiceType == typeof(IHostedService)).Should().Be(1);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstBody => _first.Task;

        public Uri? Uri { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            _first.TrySetResult(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}

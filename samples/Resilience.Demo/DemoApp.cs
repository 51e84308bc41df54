using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Resilience.Monitoring;
using Resilience.Registry;
using Spectre.Console;

namespace Resilience.Demo;

/// <summary>
/// The demo: a simulated downstream, an application that calls it through resilient HttpClients wired with DI
/// (registry, per-service breakers, monitor, web dashboard), traffic, and a terminal view, for a bounded time.
/// </summary>
public static class DemoApp
{
    public static async Task<int> RunAsync(DemoOptions options, IAnsiConsole console, TextWriter plainOutput, bool live, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var clock = new PhaseClock(time, options.Phase);
        await using var downstream = await DownstreamServer.StartAsync(clock, cancellationToken);
        await using var app = BuildApplication(options, downstream.BaseAddress);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var dashboardUrl = new Uri(address.TrimEnd('/') + "/resilience");

        // The HTTP handlers take their breakers from this registry by client name, so these are the very same instances.
        var registry = app.Services.GetRequiredService<CircuitBreakerRegistry>();
        using var log = new TransitionLog(ServiceProfile.All.Select(p => registry.GetOrCreate(p.Name)), clock);
        var traffic = app.Services.GetRequiredService<TrafficGenerator>();
        var view = new DemoView(options, clock, app.Services.GetRequiredService<CircuitBreakerMonitor>(), traffic, log, dashboardUrl);

        clock.Restart();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var running = traffic.RunAsync(stop.Token);
        var display = live
            ? new TerminalDashboard(view, console, time).RunAsync(stop.Token)
            : new PlainReporter(view, plainOutput, time).RunAsync(stop.Token);
        await Task.WhenAll(running, display);
        await app.StopAsync(CancellationToken.None);

        foreach (var line in view.Summary())
        {
            if (live)
            {
                console.MarkupLine(Markup.Escape(line));
            }
            else
            {
                plainOutput.WriteLine(line);
            }
        }

        return 0;
    }

    private static WebApplication BuildApplication(DemoOptions options, Uri downstream)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Resilience.Demo" });
        builder.Logging.ClearProviders(); // the terminal belongs to the dashboard
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, options.Port));

        // The registry, one monitored breaker per service, and alert thresholds scaled to a one-minute demo.
        builder.Services.AddResilience().AddMonitoring(o =>
        {
            o.OpenTooLongThreshold = TimeSpan.FromSeconds(8);
            o.FlappingWindow = TimeSpan.FromMinutes(1);
            o.FlappingChangeThreshold = 6;
        });
        builder.Services.AddResilienceExceptionHandler();

        // One HttpClient per downstream service, each with the standard pipeline and its own breaker settings.
        foreach (var profile in ServiceProfile.All)
        {
            builder.Services.AddHttpClient(profile.Name, c => c.BaseAddress = downstream)
                .AddStandardResilience(o =>
                {
                    o.TotalTimeout = TimeSpan.FromSeconds(3);
                    o.Retry.MaxAttempts = 2;
                    o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
                    o.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
                    o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(800); // the slow phase answers after 1.5 s
                    o.CircuitBreaker.FailureThreshold = profile.FailureThreshold;
                    o.CircuitBreaker.BreakDuration = profile.BreakDuration;
                    o.CircuitBreaker.HalfOpenMaxCalls = profile.HalfOpenMaxCalls;
                });
        }

        builder.Services.AddSingleton<TrafficGenerator>();
        builder.Services.AddSingleton(TimeProvider.System);

        var app = builder.Build();
        app.UseExceptionHandler();

        // The demo listens on 127.0.0.1 only, so the dashboard is served without authorization; a real application keeps
        // the default (an authenticated user) or names a policy.
        app.MapResilienceDashboard("/resilience", o =>
        {
            o.AllowAnonymous = true;
            o.RefreshInterval = TimeSpan.FromSeconds(1);
            o.Title = "Resilience demo";
        });

        // A front-end endpoint that calls payment-api: while the circuit is open it answers 503 with Retry-After.
        app.MapGet("/checkout", async (IHttpClientFactory clients, CancellationToken ct) =>
        {
            using var response = await clients.CreateClient("payment-api").GetAsync(new Uri("payments", UriKind.Relative), ct);
            return Microsoft.AspNetCore.Http.Results.Text($"payment-api answered {(int)response.StatusCode}");
        });
        return app;
    }
}

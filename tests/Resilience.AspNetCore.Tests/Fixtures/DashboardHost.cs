using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Registry;

namespace Resilience.AspNetCore.Tests.Fixtures;

/// <summary>
/// A real Kestrel host on 127.0.0.1 and a free port with the Resilience registry and monitor on a fake clock.
/// Tests add services and endpoints through the callbacks and drive breakers through <see cref="Trip"/>.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, FakeTimeProvider time, Uri baseAddress)
    {
        _app = app;
        Time = time;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public CircuitBreakerRegistry Registry => Services.GetRequiredService<CircuitBreakerRegistry>();

    public static async Task<DashboardHost> StartAsync(
        Action<ResilienceBuilder>? resilience = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "DashboardHost" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(time);
        var resilienceBuilder = builder.Services.AddResilience().AddMonitoring();
        resilience?.Invoke(resilienceBuilder);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        endpoints?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DashboardHost(app, time, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Records failures on the named breaker (created through the registry, so the monitor sees it) until it opens.</summary>
    public CircuitBreaking.CircuitBreaker Trip(string name) => Trip(Registry, name);

    /// <summary>Records failures on the named breaker of <paramref name="registry"/> until it opens.</summary>
    public static CircuitBreaking.CircuitBreaker Trip(CircuitBreakerRegistry registry, string name)
    {
        var breaker = registry.GetOrCreate(name);
        for (var i = 0; i < 1000 && breaker.State == CircuitState.Closed; i++)
        {
            breaker.AcquirePermit().RecordFailure();
        }

        breaker.State.Should().Be(CircuitState.Open);
        return breaker;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

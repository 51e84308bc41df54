using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Registry;
using Resilience.TestUtilities.Http;

namespace Resilience.AspNetCore.Tests.TestSupport;

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
        var builder = LoopbackHost.CreateBuilder("DashboardHost");
        builder.Services.AddSingleton<TimeProvider>(time);
        var resilienceBuilder = builder.Services.AddResilience().AddMonitoring();
        resilience?.Invoke(resilienceBuilder);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        endpoints?.Invoke(app);
        return new DashboardHost(app, time, await LoopbackHost.StartAsync(app));
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

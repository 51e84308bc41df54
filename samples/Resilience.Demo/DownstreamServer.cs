using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Resilience.Demo;

/// <summary>The simulated downstream: a Kestrel server on 127.0.0.1 serving every profile's path, behaving as the phase says.</summary>
public sealed class DownstreamServer : IAsyncDisposable
{
    private static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(1500);
    private readonly WebApplication _app;
    private readonly PhaseClock _clock;
    private readonly Random _random = new(42);
    private readonly Lock _randomLock = new();

    private DownstreamServer(WebApplication app, PhaseClock clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<DownstreamServer> StartAsync(PhaseClock clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Resilience.Demo.Downstream" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new DownstreamServer(app, clock);
        foreach (var profile in ServiceProfile.All)
        {
            app.MapGet(profile.Path, (HttpContext context) => server.HandleAsync(profile.Name, context));
        }

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(string service, HttpContext context)
    {
        var phase = _clock.Current;
        var roll = NextDouble();
        switch (phase)
        {
            case DownstreamPhase.Failing when roll < 0.9:
            case DownstreamPhase.Recovering when roll < 0.3:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            case DownstreamPhase.Slow:
                await Task.Delay(SlowDelay, TimeProvider.System, context.RequestAborted);
                break;
        }

        await context.Response.WriteAsync($"{{\"service\":\"{service}\",\"phase\":\"{phase}\"}}", context.RequestAborted);
    }

    private double NextDouble()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }
}

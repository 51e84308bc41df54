using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Resilience.Benchmarks;

/// <summary>A Kestrel server in the benchmark's process on 127.0.0.1 and a port the operating system picks, answering every
/// request with a short 200 body; started in a benchmark's global setup and stopped in its cleanup.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Gets the server's base address.</summary>
    public Uri Address { get; }

    /// <summary>Starts a server (no console logging, so its cost does not show in the measurements).</summary>
    public static LoopbackServer Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(static context => context.Response.WriteAsync("ok"));
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackServer(app, new Uri(address));
    }

    /// <summary>Sends one GET to the client's base address and releases the response.</summary>
    public static async Task<HttpStatusCode> GetStatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(string.Empty);
        return response.StatusCode;
    }

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

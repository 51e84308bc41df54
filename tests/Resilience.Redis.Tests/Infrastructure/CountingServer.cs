using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>A real downstream for child processes: Kestrel on 127.0.0.1 and a free port, counting requests, answering 500 while failing.</summary>
public sealed class CountingServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _requests;
    private int _failing;
    private int _failEvery;

    private CountingServer()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public bool Failing
    {
        get => Volatile.Read(ref _failing) == 1;
        set => Volatile.Write(ref _failing, value ? 1 : 0);
    }

    /// <summary>Gets or sets a background failure rate: every n-th request fails (0: none).</summary>
    public int FailEvery
    {
        get => Volatile.Read(ref _failEvery);
        set => Volatile.Write(ref _failEvery, value);
    }

    public static async Task<CountingServer> StartAsync()
    {
        var server = new CountingServer();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "CountingServer" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            var request = Interlocked.Increment(ref server._requests);
            var every = server.FailEvery;
            var fail = server.Failing || (every > 0 && request % every == 0);
            context.Response.StatusCode = fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        server._app = app;
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

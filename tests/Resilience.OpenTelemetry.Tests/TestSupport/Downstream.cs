using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Resilience.TestUtilities.Http;

namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>
/// The services the observed application calls: a real Kestrel server on 127.0.0.1 and a free port. <c>/ok</c> answers
/// 200, <c>/status/{code}</c> answers that code, <c>/flaky</c> answers 503 and 200 in turn, <c>/hang</c> holds the request until the client gives up (each arrival
/// is announced in <see cref="Hangs"/>, so a test moves the fake clock only once the request is really waiting).
/// </summary>
internal sealed class Downstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Downstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Channel<string> Hangs { get; } = Channel.CreateUnbounded<string>();

    public static async Task<Downstream> StartAsync()
    {
        var app = LoopbackHost.CreateBuilder("Downstream").Build();
        Downstream? self = null;
        app.MapGet("/ok", () => Results.Text("ok"));
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        var flaky = 0;
        app.MapGet("/flaky", () => Interlocked.Increment(ref flaky) % 2 == 1 ? Results.StatusCode(503) : Results.Text("ok"));
        app.MapGet("/hang", async (HttpContext context) =>
        {
            self!.Hangs.Writer.TryWrite(context.Request.Path);
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Results.Text("too late");
        });
        self = new Downstream(app, await LoopbackHost.StartAsync(app));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Resilience.TestUtilities.Http;

namespace Resilience.A2A.Tests.Peer;

/// <summary>A push-notification webhook on Kestrel (127.0.0.1, free port) that records every POST it receives.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;
    private readonly Channel<Notification> _received = Channel.CreateUnbounded<Notification>();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Gets the webhook URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Starts a receiver.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var app = LoopbackHost.CreateBuilder(nameof(WebhookReceiver)).Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Writer.TryWrite(new Notification(headers, body));
            return Results.Ok();
        });
        receiver.Url = new Uri(await LoopbackHost.StartAsync(app), "hook?tenant=t1");
        return receiver;
    }

    /// <summary>Waits (at most 30 s) for notifications until one matches, and returns it.</summary>
    public async Task<Notification> WaitForAsync(Func<Notification, bool> match, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(WaitLimit);
        await foreach (var notification in _received.Reader.ReadAllAsync(limit.Token))
        {
            if (match(notification))
            {
                return notification;
            }
        }

        throw new InvalidOperationException("The webhook channel closed.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One POST: its headers and body.</summary>
    public sealed record Notification(IReadOnlyDictionary<string, string> Headers, string Body);
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Resilience.AotSmoke;

/// <summary>
/// A minimal HTTP/1.1 responder on 127.0.0.1 and a free port, for bodiless requests: each request gets the status the
/// responder picks from its path and how many times that path was asked before. Raw sockets keep the smoke free of
/// ASP.NET, so the native binary proves only what the Resilience packages need.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, int, HttpStatusCode> _responder;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <summary>Starts listening; port 0 lets the operating system pick a free port, so no other listener is raced.</summary>
    /// <param name="responder">The status for a path, given the number of earlier requests to that path.</param>
    public LoopbackServer(Func<string, int, HttpStatusCode> responder)
    {
        _responder = responder;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Gets the address to send requests to.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets how many requests reached <paramref name="path"/>.</summary>
    /// <param name="path">The request path, for example <c>/down</c>.</param>
    /// <returns>The number of requests answered for the path.</returns>
    public int RequestCount(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Stops listening, closes every connection and waits for their handlers.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.Keys);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections.TryAdd(connection, true);
            _ = connection.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
                {
                    // Request line "GET /path HTTP/1.1", then headers up to an empty line; the smoke's requests have no body.
                    while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 })
                    {
                    }

                    var path = requestLine.Split(' ')[1];
                    var earlier = _requests.AddOrUpdate(path, 1, static (_, n) => n + 1) - 1;
                    var status = _responder(path, earlier);
                    var body = Encoding.ASCII.GetBytes(status.ToString());
                    var head = Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n");
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client closed the connection, or the server is stopping.
            }
        }
    }
}

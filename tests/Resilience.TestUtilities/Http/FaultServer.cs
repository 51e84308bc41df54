using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Resilience.TestUtilities.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, with faults injected on demand: queued faults are used first,
/// then the per-request pattern, then the default fault (200 unless changed). It counts the requests it receives and
/// records their bodies. Disposing it releases held requests and stops the server.
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentDictionary<string, int> _methods = new(StringComparer.Ordinal);
    private readonly Lock _waitersLock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private WebApplication? _app;
    private TaskCompletionSource _release = NewSignal();
    private Fault _default = Fault.Ok;
    private Func<int, Fault>? _pattern;
    private int _requestCount;

    private FaultServer()
    {
    }

    /// <summary>Gets the base address, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the number of requests that reached the server.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Gets the bodies of the requests received, in order of arrival.</summary>
    public IReadOnlyCollection<string> Bodies => _bodies;

    /// <summary>Starts a server on 127.0.0.1 and a port the operating system picks.</summary>
    public static async Task<FaultServer> StartAsync()
    {
        var server = new FaultServer();
        var app = LoopbackHost.CreateBuilder("FaultServer").Build();
        app.Run(server.HandleAsync);
        server.BaseAddress = await LoopbackHost.StartAsync(app);
        server._app = app;
        return server;
    }

    /// <summary>Queues a fault for the next <paramref name="count"/> requests.</summary>
    public void Enqueue(Fault fault, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Sets what the server does when no fault is queued (for example "down": 503 for everything).</summary>
    public void SetDefault(Fault fault) => Volatile.Write(ref _default, fault);

    /// <summary>Picks the fault of each request from its arrival number (1-based) when no fault is queued.</summary>
    public void SetPattern(Func<int, Fault>? pattern) => Volatile.Write(ref _pattern, pattern);

    /// <summary>Lets every held request complete with 200.</summary>
    public void ReleaseHeld() => Interlocked.Exchange(ref _release, NewSignal()).TrySetResult();

    /// <summary>Gets how many requests with a method reached the server.</summary>
    public int CountOf(HttpMethod method) => _methods.TryGetValue(method.Method, out var count) ? count : 0;

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_waitersLock)
        {
            if (RequestCount >= count)
            {
                return Task.CompletedTask;
            }

            var signal = NewSignal();
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext context)
    {
        using (var reader = new StreamReader(context.Request.Body))
        {
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (body.Length > 0)
            {
                _bodies.Enqueue(body);
            }
        }

        _methods.AddOrUpdate(context.Request.Method, 1, static (_, n) => n + 1);
        var release = Volatile.Read(ref _release);
        var number = Arrived();
        var fault = _faults.TryDequeue(out var queued) ? queued : Volatile.Read(ref _pattern)?.Invoke(number) ?? Volatile.Read(ref _default);

        switch (fault.Kind)
        {
            case FaultKind.Abort:
                context.Abort();
                return;
            case FaultKind.Hold:
                try
                {
                    await release.Task.WaitAsync(context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                context.Response.StatusCode = 200;
                return;
            default:
                context.Response.StatusCode = fault.StatusCode;
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                }

                await context.Response.WriteAsync(fault.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
                return;
        }
    }

    private int Arrived()
    {
        var count = Interlocked.Increment(ref _requestCount);
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= count)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }

        return count;
    }
}

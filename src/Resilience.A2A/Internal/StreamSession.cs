using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Internal;

/// <summary>
/// One open stream (a streaming send or a task subscription): the HTTP response, the SSE parser over its bounded body
/// and the idle watch; or the single answer of an agent that replied with plain JSON. Reads report failures as values so
/// the client can decide to resubscribe. Not thread-safe.
/// </summary>
internal sealed class StreamSession : IAsyncDisposable
{
    private readonly HttpResponseMessage? _response;
    private readonly BoundedSseStream? _body;
    private readonly IAsyncEnumerator<SseItem<StreamItem>>? _events;
    private readonly IdleWatch _idle;
    private readonly string _requestId;
    private readonly string _method;
    private readonly A2AProtocolVersion _version;
    private A2AStreamEvent? _pending;

    /// <summary>Initializes a session over an event stream.</summary>
    public StreamSession(IdleWatch idle, HttpResponseMessage response, BoundedSseStream body, string requestId, string method, A2AProtocolVersion version)
        : this(idle, requestId, method, version)
    {
        _response = response;
        _body = body;

        // The item parser reads each event straight from the parser's buffer (no copy): a plain status update on the fast
        // path, which allocates little more than the event itself; anything else as a response the general path checks.
        var fast = new StatusUpdateReader(requestId, version);
        _events = SseParser.Create(
                body,
                (_, data) => fast.TryRead(data) is { } read ? new StreamItem(read, null) : new StreamItem(null, JsonRpcCodec.Parse(data, method, status: null)))
            .EnumerateAsync(CancellationToken.None)
            .GetAsyncEnumerator(CancellationToken.None);
    }

    /// <summary>Initializes a session that yields one event, the agent's plain JSON answer.</summary>
    public StreamSession(IdleWatch idle, A2AStreamEvent single, string requestId, string method, A2AProtocolVersion version)
        : this(idle, requestId, method, version)
    {
        _pending = single;
    }

    private StreamSession(IdleWatch idle, string requestId, string method, A2AProtocolVersion version)
    {
        _idle = idle;
        _requestId = requestId;
        _method = method;
        _version = version;
    }

    /// <summary>
    /// Reads the first event while the stream is being opened, bounded also by <paramref name="openingToken"/>, and keeps it
    /// for the next <see cref="ReadAsync"/>. A JSON-RPC error as the first event (how the SDK answers a v0.3 resubscription it
    /// refuses) is thrown, so it fails the opening call like the same error as a plain JSON answer.
    /// </summary>
    public async ValueTask OpenAsync(CancellationToken openingToken)
    {
        if (_body is null)
        {
            return;
        }

        _body.OpeningToken = openingToken;
        try
        {
            var (first, error) = await ReadAsync().ConfigureAwait(false);
            if (error is not null)
            {
                throw error;
            }

            _pending = first;
        }
        finally
        {
            _body.OpeningToken = default;
        }
    }

    /// <summary>Reads the next event.</summary>
    /// <returns>An event, a failure, or neither when the stream ended.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(A2AStreamEvent? Event, A2AException? Error)> ReadAsync()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            return (pending, null);
        }

        if (_events is null)
        {
            return (null, null);
        }

        try
        {
            if (!await _events.MoveNextAsync().ConfigureAwait(false))
            {
                return (null, null);
            }

            var item = _events.Current.Data;
            if (item.Event is { } read)
            {
                return (read, null);
            }

            var result = JsonRpcCodec.ReadResult(item.Response!, _requestId, _method, status: null, retryAfter: null);
            return (WireMapper.ReadEvent(result, _version, _method), null);
        }
        catch (A2AException ex)
        {
            return (null, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The parser's enumerator returns its pooled buffer when disposed; the body and the response close the connection.
        if (_events is not null)
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }

        _body?.Dispose();
        _response?.Dispose();
        _idle.Dispose();
    }

    /// <summary>One parsed event: read on the fast path, or a response for the general path to check and map.</summary>
    private readonly record struct StreamItem(A2AStreamEvent? Event, WireResponse? Response);
}

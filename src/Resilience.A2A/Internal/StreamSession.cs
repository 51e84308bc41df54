namespace Resilience.A2A.Internal;

/// <summary>
/// One open stream (a streaming send or a task subscription): the HTTP response, its SSE reader and the idle watch.
/// Reads report failures as values so the client can decide to resubscribe. Not thread-safe.
/// </summary>
internal sealed class StreamSession : IDisposable
{
    private readonly HttpResponseMessage? _response;
    private readonly SseReader? _reader;
    private readonly IdleWatch _idle;
    private readonly string _requestId;
    private readonly string _method;
    private readonly A2AProtocolVersion _version;
    private A2AStreamEvent? _single;

    public StreamSession(IdleWatch idle, HttpResponseMessage? response, SseReader? reader, A2AStreamEvent? single, string requestId, string method, A2AProtocolVersion version)
    {
        _idle = idle;
        _response = response;
        _reader = reader;
        _single = single;
        _requestId = requestId;
        _method = method;
        _version = version;
    }

    /// <summary>Reads the next event.</summary>
    /// <returns>An event, a failure, or neither when the stream ended.</returns>
    public async ValueTask<(A2AStreamEvent? Event, A2AException? Error)> ReadAsync()
    {
        if (_reader is null)
        {
            var single = _single;
            _single = null;
            return (single, null);
        }

        try
        {
            if (await _reader.ReadAsync().ConfigureAwait(false) is not { } sse)
            {
                return (null, null);
            }

            var result = JsonRpcCodec.ReadResult(sse.Data, _requestId, _method, status: null, retryAfter: null);
            return (WireMapper.Read(() => WireMapper.ReadEvent(result, _version), _method), null);
        }
        catch (A2AException ex)
        {
            return (null, ex);
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _response?.Dispose();
        _idle.Dispose();
    }
}

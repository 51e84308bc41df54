using System.Net;

namespace Resilience.Http.Tests.TestSupport;

/// <summary>
/// Sits under the handler under test and wraps every response's content so the test can tell which responses were
/// disposed (a response left undisposed keeps its connection out of the pool).
/// </summary>
public sealed class TrackingHandler : DelegatingHandler
{
    private readonly List<HttpResponseMessage> _responses = [];
    private int _created;
    private int _disposed;

    public TrackingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public int Created => Volatile.Read(ref _created);

    public int Disposed => Volatile.Read(ref _disposed);

    public int Live => Created - Disposed;

    public IReadOnlyList<HttpResponseMessage> Responses
    {
        get
        {
            lock (_responses)
            {
                return [.. _responses];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Track(await base.SendAsync(request, cancellationToken));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Track(base.Send(request, cancellationToken));

    private HttpResponseMessage Track(HttpResponseMessage response)
    {
        Interlocked.Increment(ref _created);
        response.Content = new TrackedContent(response.Content, this);
        lock (_responses)
        {
            _responses.Add(response);
        }

        return response;
    }

    private sealed class TrackedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly TrackingHandler _owner;
        private int _disposed;

        public TrackedContent(HttpContent inner, TrackingHandler owner)
        {
            _inner = inner;
            _owner = owner;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyTo(stream, context, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref _owner._disposed);
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

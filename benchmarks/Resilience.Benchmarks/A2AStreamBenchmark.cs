using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using BenchmarkDotNet.Attributes;
using Resilience.A2A;

namespace Resilience.Benchmarks;

/// <summary>
/// The garbage of a long A2A stream: one v1.0 <c>SendStreamingMessage</c> against an in-memory agent whose stream sends
/// <see cref="Events"/> "working" status updates and then a "completed" one. Bytes per event are the allocated bytes of a
/// call divided by its events; the difference between two sizes divided by the difference of their events is the
/// marginal cost of one more event (the call's fixed cost cancels out).
/// </summary>
/// <remarks>
/// The agent's stream writes the same pre-rendered event (with the request's id) again and again into the reader's
/// buffer, so it allocates nothing per event itself. <see cref="SseParserOnly"/> reads the same bytes with the
/// framework's parser and an item parser that keeps nothing: the floor of reading the events at all.
/// </remarks>
[MemoryDiagnoser]
public class A2AStreamBenchmark
{
    private static readonly Uri BaseAddress = new("http://agent.bench/");
    private HttpClient _http = null!;
    private A2AClient _client = null!;

    /// <summary>Gets or sets how many "working" events the stream sends before the final one.</summary>
    [Params(100, 1000)]
    public int Events { get; set; }

    /// <summary>Builds the in-memory agent and the client and fetches the card once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new StreamingAgentHandler(this));
        _client = new A2AClient(_http, new A2AClientOptions { BaseAddress = BaseAddress });
        _client.GetAgentCardAsync().GetAwaiter().GetResult();
    }

    /// <summary>Disposes the client's HTTP client.</summary>
    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    /// <summary>Reads the same stream with <see cref="SseParser"/> alone, keeping no item: the floor.</summary>
    /// <returns>The number of events read.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> SseParserOnly()
    {
        await using var stream = new RepeatingEventStream(StreamingAgentHandler.Render("1"), Events);
        var count = 0;
        await foreach (var item in SseParser.Create(stream, static (_, data) => data.Length).EnumerateAsync())
        {
            count += item.Data > 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Streams the task's events through our client: each one is checked and mapped to an <see cref="A2AStreamEvent"/>.</summary>
    /// <returns>The number of events read.</returns>
    [Benchmark]
    public async Task<int> A2AClientStream()
    {
        var count = 0;
        await foreach (var e in _client.SendStreamingMessageAsync(A2AMessage.FromText("keep working")))
        {
            count += e.Status is null ? 0 : 1;
        }

        return count;
    }

    /// <summary>Answers the card, and every streaming request with the repeating stream (the id echoed).</summary>
    private sealed class StreamingAgentHandler(A2AStreamBenchmark owner) : HttpMessageHandler
    {
        private const string Card = """
            {"name":"bench","version":"1.0.0","capabilities":{"streaming":true},
             "supportedInterfaces":[{"url":"http://agent.bench/rpc","protocolBinding":"JSONRPC","protocolVersion":"1.0"}]}
            """;

        private static readonly byte[] CardBytes = Encoding.UTF8.GetBytes(Card);

        /// <summary>Renders one working event and the final completed one of a request's stream.</summary>
        /// <returns>The two events' bytes, each with its blank line.</returns>
        public static (byte[] Working, byte[] Final) Render(string id)
        {
            const string Working = "TASK_STATE_WORKING";
            const string Completed = "TASK_STATE_COMPLETED";
            return (Encoding.UTF8.GetBytes(Event(id, Working)), Encoding.UTF8.GetBytes(Event(id, Completed)));

            static string Event(string id, string state) =>
                "data: {\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{\"statusUpdate\":{\"taskId\":\"task-7f3c2a\","
                + "\"contextId\":\"ctx-91b0\",\"status\":{\"state\":\"" + state + "\",\"timestamp\":\"2026-12-02T05:00:00.000Z\"}}}}\n\n";
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                var card = new ByteArrayContent(CardBytes);
                card.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = card };
            }

            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var start = body.AsSpan().IndexOf("\"id\":\""u8) + 6;
            var length = body.AsSpan(start).IndexOf((byte)'"');
            var id = Encoding.UTF8.GetString(body, start, length);
            var content = new StreamContent(new RepeatingEventStream(Render(id), owner.Events));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }

    /// <summary>A stream of <c>count</c> copies of one event and then the final one, written into the reader's buffer one event per read.</summary>
    private sealed class RepeatingEventStream((byte[] Working, byte[] Final) events, int count) : Stream
    {
        private int _sent;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _sent <= count)
            {
                var current = _sent < count ? events.Working : events.Final;
                var n = Math.Min(current.Length - _offset, buffer.Length - written);
                current.AsSpan(_offset, n).CopyTo(buffer[written..]);
                written += n;
                _offset += n;
                if (_offset == current.Length)
                {
                    // One event per read, as a server that flushes each event is read.
                    _offset = 0;
                    _sent++;
                    break;
                }
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

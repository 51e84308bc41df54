using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Resilience.A2A;
using Resilience.CircuitBreaking;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Benchmarks;

/// <summary>
/// One v1.0 <c>SendMessage</c> (a text message answered by a text message) against an in-memory handler that answers without
/// I/O: a bare <see cref="HttpClient"/> JSON-RPC call (write the request, POST it, parse the answer with
/// <see cref="JsonDocument"/>, check the id, read the text), our <see cref="A2AClient"/> without a pipeline, and our client
/// through the resilient pipeline <c>AddA2AAgent</c> builds (retry, the agent's breaker, a timeout by operation type).
/// </summary>
/// <remarks>The handler does the same work for every variant: it reads the request body, finds its id and answers a
/// fixed message with that id. The client has fetched the card in the setup.</remarks>
[MemoryDiagnoser]
public class A2ASendBenchmark
{
    private static readonly Uri BaseAddress = new("http://agent.bench/");
    private static readonly Uri Endpoint = new("http://agent.bench/rpc");
    private HttpClient _http = null!;
    private A2AClient _bare = null!;
    private A2AClient _resilient = null!;
    private TimeoutManager _timeouts = null!;
    private long _id;

    /// <summary>Builds the handler, the clients and fetches the card once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new AgentHandler());
        var options = new A2AClientOptions { BaseAddress = BaseAddress };
        _bare = new A2AClient(_http, options);
        _timeouts = new TimeoutManager(new TimeoutOptions());
        var pipeline = new ResiliencePipelineBuilder()
            .AddA2AResilience(
                new CircuitBreaking.CircuitBreaker("agent", new CircuitBreakerOptions { ShouldHandle = A2AResiliencePredicates.IsTransient }),
                new RetryOptions(),
                _timeouts)
            .Build();
        _resilient = new A2AClient(_http, options, pipeline);
        _bare.GetAgentCardAsync().GetAwaiter().GetResult();
        _resilient.GetAgentCardAsync().GetAwaiter().GetResult();
    }

    /// <summary>Disposes the clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _timeouts.Dispose();
        _http.Dispose();
    }

    /// <summary>A hand-written JSON-RPC call: what an application without an A2A client would do.</summary>
    /// <returns>The agent's text.</returns>
    [Benchmark(Baseline = true)]
    public async Task<string?> BareHttpClientJsonRpc()
    {
        var id = Interlocked.Increment(ref _id).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteString("id", id);
            writer.WriteString("method", "SendMessage");
            writer.WriteStartObject("params");
            writer.WriteStartObject("message");
            writer.WriteString("messageId", Guid.NewGuid().ToString("D"));
            writer.WriteString("role", "ROLE_USER");
            writer.WriteStartArray("parts");
            writer.WriteStartObject();
            writer.WriteString("text", "plan a trip");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("A2A-Version", "1.0");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var answer = await JsonDocument.ParseAsync(stream);
        var root = answer.RootElement;
        if (root.GetProperty("id").GetString() != id)
        {
            throw new InvalidOperationException("id mismatch");
        }

        return root.GetProperty("result").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString();
    }

    /// <summary>Our client without a pipeline: strict checks, bounds, both protocol versions.</summary>
    /// <returns>The agent's text.</returns>
    [Benchmark]
    public async Task<string?> A2AClientSend() =>
        (await _bare.SendMessageAsync(A2AMessage.FromText("plan a trip"))).Message!.Text;

    /// <summary>Our client through retry, the agent's breaker and the timeout by operation type.</summary>
    /// <returns>The agent's text.</returns>
    [Benchmark]
    public async Task<string?> A2AClientSendResilient() =>
        (await _resilient.SendMessageAsync(A2AMessage.FromText("plan a trip"))).Message!.Text;

    /// <summary>Answers the card and every JSON-RPC request in memory; the answer echoes the request's id.</summary>
    private sealed class AgentHandler : HttpMessageHandler
    {
        private const string Card = """
            {"name":"bench","version":"1.0.0","capabilities":{"streaming":true},
             "supportedInterfaces":[{"url":"http://agent.bench/rpc","protocolBinding":"JSONRPC","protocolVersion":"1.0"}]}
            """;

        private static readonly byte[] CardBytes = Encoding.UTF8.GetBytes(Card);
        private static readonly byte[] Head = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"");
        private static readonly byte[] Tail = Encoding.UTF8.GetBytes(
            "\",\"result\":{\"message\":{\"messageId\":\"m-1\",\"role\":\"ROLE_AGENT\",\"parts\":[{\"text\":\"done\"}]}}}");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                return Json(CardBytes);
            }

            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var start = body.AsSpan().IndexOf("\"id\":\""u8) + 6;
            var length = body.AsSpan(start).IndexOf((byte)'"');
            var answer = new byte[Head.Length + length + Tail.Length];
            Head.CopyTo(answer, 0);
            body.AsSpan(start, length).CopyTo(answer.AsSpan(Head.Length));
            Tail.CopyTo(answer, Head.Length + length);
            return Json(answer);
        }

        private static HttpResponseMessage Json(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }
}

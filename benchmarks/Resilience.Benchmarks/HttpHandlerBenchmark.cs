using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Benchmarks;

/// <summary>
/// One GET through a plain <see cref="HttpClient"/>, through our standard preset (<c>AddStandardResilience</c>) and through
/// Microsoft.Extensions.Http.Resilience's <c>AddStandardResilienceHandler</c>, all from one <see cref="IHttpClientFactory"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Transport.Loopback"/> sends to a Kestrel server on 127.0.0.1 in this process (the real path);
/// <see cref="Transport.InMemory"/> ends in a handler that returns a new 200 response without I/O, so the handlers' own cost
/// is not hidden in the noise of a socket round trip.</para>
/// </remarks>
[MemoryDiagnoser]
public class HttpHandlerBenchmark
{
    private LoopbackServer? _server;
    private ServiceProvider? _services;
    private HttpClient _plain = null!;
    private HttpClient _ours = null!;
    private HttpClient _microsoft = null!;

    /// <summary>Where the requests go.</summary>
    public enum Transport
    {
        /// <summary>A Kestrel server on 127.0.0.1.</summary>
        Loopback,

        /// <summary>A terminal handler that answers without I/O.</summary>
        InMemory,
    }

    /// <summary>Gets or sets where the requests go.</summary>
    [Params(Transport.Loopback, Transport.InMemory)]
    public Transport Target { get; set; }

    /// <summary>Starts the server (for loopback) and builds the three clients.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var baseAddress = new Uri("http://127.0.0.1/");
        if (Target == Transport.Loopback)
        {
            _server = LoopbackServer.Start();
            baseAddress = _server.Address;
        }

        var services = new ServiceCollection();
        Configure(services.AddHttpClient("plain"), baseAddress);
        Configure(services.AddHttpClient("ours"), baseAddress).AddStandardResilience();
        Configure(services.AddHttpClient("microsoft"), baseAddress).AddStandardResilienceHandler();
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        _plain = factory.CreateClient("plain");
        _ours = factory.CreateClient("ours");
        _microsoft = factory.CreateClient("microsoft");
    }

    /// <summary>Stops the server and disposes the clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _ours.Dispose();
        _microsoft.Dispose();
        _services?.Dispose();
        _server?.Dispose();
    }

    /// <summary>A plain client.</summary>
    [Benchmark(Baseline = true)]
    public Task<HttpStatusCode> PlainHttpClient() => LoopbackServer.GetStatusAsync(_plain);

    /// <summary>Our standard preset: total timeout, retry, breaker, attempt timeout.</summary>
    [Benchmark]
    public Task<HttpStatusCode> ResilienceStandard() => LoopbackServer.GetStatusAsync(_ours);

    /// <summary>Microsoft's standard handler: rate limiter, total timeout, retry, breaker, attempt timeout.</summary>
    [Benchmark]
    public Task<HttpStatusCode> MicrosoftStandardResilienceHandler() => LoopbackServer.GetStatusAsync(_microsoft);

    private IHttpClientBuilder Configure(IHttpClientBuilder builder, Uri baseAddress)
    {
        builder.ConfigureHttpClient(c => c.BaseAddress = baseAddress).SetHandlerLifetime(System.Threading.Timeout.InfiniteTimeSpan);
        if (Target == Transport.InMemory)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => new InMemoryHandler());
        }

        return builder;
    }

    /// <summary>Answers every request with a new 200 response, without I/O.</summary>
    private sealed class InMemoryHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}

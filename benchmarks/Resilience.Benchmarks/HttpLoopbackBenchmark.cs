using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Benchmarks;

/// <summary>
/// The asynchronous path of a real request: one GET to a Kestrel server on 127.0.0.1 (a free port, in this process) through
/// a plain <see cref="HttpClient"/>, through our standard preset (<c>AddStandardResilience</c>: total timeout, retry, breaker,
/// attempt timeout) and through Microsoft.Extensions.Http.Resilience's <c>AddStandardResilienceHandler</c>.
/// </summary>
/// <remarks>
/// <para>The socket round trip completes asynchronously, so every awaiting stage takes its slow path. What matters here
/// is the allocation column: bytes added per request = a case's bytes minus <see cref="PlainHttpClient"/>'s. The server
/// runs in the process and its allocations count too, the same for every case; several launches show that the column is
/// stable (the means are dominated by the round trip and the machine's noise).</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(BytesConfig))]
[SimpleJob(launchCount: 3, warmupCount: 5, iterationCount: 15)]
public class HttpLoopbackBenchmark
{
    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;
    private HttpClient _plain = null!;
    private HttpClient _ours = null!;
    private HttpClient _microsoft = null!;

    /// <summary>Starts the server on a free loopback port and builds the three clients from one factory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackServer.Start();
        var address = _server.Address;

        var services = new ServiceCollection();
        AddClient(services, "plain", address);
        AddClient(services, "ours", address).AddStandardResilience();
        AddClient(services, "microsoft", address).AddStandardResilienceHandler();
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        _plain = factory.CreateClient("plain");
        _ours = factory.CreateClient("ours");
        _microsoft = factory.CreateClient("microsoft");
    }

    /// <summary>Releases the clients' handlers (the container owns them) and stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _server.Dispose();
    }

    /// <summary>A plain client: the request's own cost.</summary>
    [Benchmark(Baseline = true)]
    public Task<HttpStatusCode> PlainHttpClient() => LoopbackServer.GetStatusAsync(_plain);

    /// <summary>Our standard preset.</summary>
    [Benchmark]
    public Task<HttpStatusCode> OursStandard() => LoopbackServer.GetStatusAsync(_ours);

    /// <summary>Microsoft's standard handler (Polly): rate limiter, total timeout, retry, breaker, attempt timeout.</summary>
    [Benchmark]
    public Task<HttpStatusCode> PollyStandardResilienceHandler() => LoopbackServer.GetStatusAsync(_microsoft);

    // The handler lives as long as the benchmark, so no request pays for a handler rotation.
    private static IHttpClientBuilder AddClient(IServiceCollection services, string name, Uri address) =>
        services.AddHttpClient(name)
            .ConfigureHttpClient(c => c.BaseAddress = address)
            .SetHandlerLifetime(System.Threading.Timeout.InfiniteTimeSpan);
}

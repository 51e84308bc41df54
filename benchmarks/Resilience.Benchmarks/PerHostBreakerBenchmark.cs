using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Http;
using Resilience.Http.Internal;

namespace Resilience.Benchmarks;

/// <summary>
/// Per-host breakers at 100,000 hosts: the bounded per-authority store of a client with the standard preset and
/// <see cref="HttpBreakerScope.Authority"/> (<c>MaxAuthorities</c> = 100,000), filled to the cap with one pipeline per
/// host. Measured on the store itself (what the handler does per request before the pipeline runs): the lookup of a
/// hot host, a new host that takes a slot freed by eviction and is evicted again, and the idle sweep over every host.
/// The setup prints the live heap per host at the cap to the log.
/// </summary>
/// <remarks>
/// 99,000 hosts keep a request in flight (a held lease), so the sweep never evicts them; the other 1,000 slots are the
/// churn: <see cref="NewHostsWithEviction"/> fills them with 1,000 new hosts, lets the clock pass the idle timeout and
/// sweeps twice (the first sweep sees them idle, the second evicts them). <see cref="SweepsOnly"/> is the same two
/// sweeps with nothing to evict, so the difference over 1,000 is one new host's creation and eviction.
/// </remarks>
[MemoryDiagnoser]
public class PerHostBreakerBenchmark
{
    private const int Hosts = 100_000;
    private const int Churn = 1_000;
    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);
    private readonly ManualClock _clock = new();
    private ServiceProvider _services = null!;
    private AuthorityPipelineStore _store = null!;
    private HttpRequestMessage _hot = null!;
    private HttpRequestMessage[] _churn = null!;
    private AuthorityEntry[] _churnEntries = null!;

    /// <summary>Builds the client's store and fills it to the cap.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddHttpClient("hosts")
            .ConfigurePrimaryHttpMessageHandler(static () => new NoContentHandler())
            .AddStandardResilience(static o =>
            {
                o.BreakerScope = HttpBreakerScope.Authority;
                o.MaxAuthorities = Hosts;
                o.AuthorityIdleTimeout = Idle;
            });
        _services = services.BuildServiceProvider();
        using (var client = _services.GetRequiredService<IHttpClientFactory>().CreateClient("hosts"))
        {
            client.GetAsync(new Uri("http://h0.bench/")).GetAwaiter().GetResult().Dispose();
        }

        _store = _services.GetRequiredService<HttpResiliencePipelineCache>().GetAuthorityStore("hosts")
            ?? throw new InvalidOperationException("The client has no per-authority store.");
        var held = Enumerable.Range(1, Hosts - Churn).Select(static i => Request(i)).ToArray();
        _churn = [.. Enumerable.Range(0, Churn).Select(static i => Request(Hosts + i))];
        _churnEntries = new AuthorityEntry[Churn];
        var before = LiveHeap();
        foreach (var request in held)
        {
            // The lease is kept: a host with a request in flight is never evicted.
            _store.Acquire(request);
        }

        var after = LiveHeap();
        GC.KeepAlive(held);
        Console.WriteLine($"// hosts held: {_store.Count}; retained bytes per host (pipeline, breaker, entry, name): {(after - before) / (double)held.Length:F0}");
        _hot = Request(Hosts / 2);

        // The setup's first host (idle, no lease) goes, so every sweep after this evicts only the churn.
        Sweeps(1);
        if (_store.Count != Hosts - Churn)
        {
            throw new InvalidOperationException($"The store holds {_store.Count} hosts.");
        }
    }

    /// <summary>Disposes the client's services (and the store).</summary>
    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>A held host: one dictionary read keyed by the request's URI parts and one compare-and-swap, and its release.</summary>
    /// <returns>The host's pipeline.</returns>
    [Benchmark(Baseline = true)]
    public ResiliencePipeline HotHostLookup()
    {
        var entry = _store.Acquire(_hot);
        entry.Release();
        return entry.Pipeline;
    }

    /// <summary>1,000 new hosts (a pipeline each) in slots freed by eviction, then evicted by two sweeps over the 100,000.</summary>
    /// <returns>How many were evicted.</returns>
    [Benchmark(OperationsPerInvoke = Churn)]
    public int NewHostsWithEviction()
    {
        for (var i = 0; i < _churn.Length; i++)
        {
            _churnEntries[i] = _store.Acquire(_churn[i]);
            _churnEntries[i].Release();
        }

        return Sweeps(Churn);
    }

    /// <summary>The same two sweeps over the 100,000 hosts with nothing to evict.</summary>
    /// <returns>How many were evicted (none).</returns>
    [Benchmark(OperationsPerInvoke = Churn)]
    public int SweepsOnly() => Sweeps(0);

    private static HttpRequestMessage Request(int host) => new(HttpMethod.Get, new Uri($"http://h{host}.bench/"));

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private int Sweeps(int expected)
    {
        _store.Sweep();
        _clock.Advance(Idle);
        var evicted = _store.Sweep();
        if (evicted != expected)
        {
            throw new InvalidOperationException($"{evicted} hosts were evicted, not {expected}.");
        }

        return evicted;
    }

    /// <summary>A clock that moves only when told (the sweep's idle timeout passes at once).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _timestamp = Stopwatch.GetTimestamp();

        public override long GetTimestamp() => Volatile.Read(ref _timestamp);

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddSeconds(GetTimestamp() / (double)TimestampFrequency);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));
    }

    /// <summary>Answers 204 without I/O (only the first request of the setup reaches it).</summary>
    private sealed class NoContentHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
    }
}

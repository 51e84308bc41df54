using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Resilience.CircuitBreaking;
using Resilience.Http.Internal;
using Resilience.Telemetry;

namespace Resilience.Http.Tests.Internal;

/// <summary>The per-client authority store on virtual time: bound, idle eviction, verdicts kept, bounded names, races.</summary>
public sealed class AuthorityPipelineStoreTests : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Sweep = Idle / 4;

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    public AuthorityPipelineStoreTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _logs.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Acquire_HeldAuthority_ReturnsTheSameEntryAndAllocatesNothing()
    {
        using var store = CreateStore(maxAuthorities: 4);
        using var request = Get(1);
        var first = store.Acquire(request);
        first.Release();

        // Warm up, then measure: the lookup of a held authority is a dictionary read and one compare-and-swap.
        for (var i = 0; i < 100; i++)
        {
            store.Acquire(request).Release();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            store.Acquire(request).Release();
        }

        GC.GetAllocatedBytesForCurrentThread().Should().Be(before);
        store.Acquire(request).Should().BeSameAs(first);
    }

    [Fact]
    public void Acquire_FullStore_RefusesOnlyNewAuthoritiesAndLogsOnce()
    {
        using var store = CreateStore(maxAuthorities: 2);
        using var a = Get(1);
        using var b = Get(2);
        using var c = Get(3);
        using var d = Get(4);
        store.Acquire(a).Release();
        store.Acquire(b).Release();

        var refused = store.Invoking(s => s.Acquire(c)).Should().Throw<HttpAuthorityLimitExceededException>().Which;
        store.Invoking(s => s.Acquire(d)).Should().Throw<HttpAuthorityLimitExceededException>();

        refused.ClientName.Should().Be("users");
        refused.Authority.Should().Be("http://h3.test:80");
        refused.MaxAuthorities.Should().Be(2);
        refused.Should().BeAssignableTo<ExecutionRejectedException>();
        refused.Message.Should().Contain("MaxAuthorities").And.Contain("http://h3.test:80");
        store.Acquire(a).Release();
        store.Acquire(b).Release();
        store.Count.Should().Be(2);
        store.RejectedCount.Should().Be(2);
        _logs.Collector.GetSnapshot().Where(r => r.Id.Id == HttpEventIds.HttpAuthorityLimitReached)
            .Should().ContainSingle("a saturation is logged once, not once per refused request");
    }

    [Fact]
    public void Sweep_ClosedIdleAuthority_GoesAfterTheIdleTimeoutAndAtMostAQuarterLater()
    {
        using var store = CreateStore(maxAuthorities: 2);
        using var a = Get(1);
        using var b = Get(2);
        using var c = Get(3);
        var first = store.Acquire(a);
        first.Release();
        store.Acquire(b).Release();

        // b is used again after the first sweep, a is not.
        Sweeps(1);
        store.Acquire(b).Release();
        Sweeps(3);
        store.Count.Should().Be(2, "neither has been seen idle for a whole idle timeout");
        Sweeps(1);
        first.IsEvicted.Should().BeTrue("a was last used 50 s (1.25 idle timeouts) ago");
        store.Count.Should().Be(1);
        Sweeps(1);
        store.Count.Should().Be(0);
        store.EvictedCount.Should().Be(2);

        // The slots are free again: a new authority is admitted, and a's next request builds a new entry.
        store.Acquire(c).Release();
        store.Acquire(a).Should().NotBeSameAs(first);
        _logs.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == HttpEventIds.HttpAuthoritiesEvicted);
    }

    [Fact]
    public async Task Sweep_OpenOrHalfOpenCircuit_KeepsItsEntryHoweverLongIdle()
    {
        using var store = CreateStore(maxAuthorities: 2);
        using var bad = Get(1);
        using var good = Get(2);
        using var fresh = Get(3);
        var entry = store.Acquire(bad);
        (await RunAsync(entry, fail: true)).Should().Be(CallResult.Ran);
        entry.Release();
        store.Acquire(good).Release();

        // Far past the idle timeout and past the break: the open circuit stays (it turns half-open on its next call).
        Sweeps(720);
        entry.IsEvicted.Should().BeFalse();
        store.Count.Should().Be(1, "only the closed, idle authority went");

        // The circuit's verdict survived: its next call is the probe of the same breaker, which fails and reopens it.
        var again = store.Acquire(bad);
        again.Should().BeSameAs(entry);
        (await RunAsync(again, fail: true)).Should().Be(CallResult.Ran);
        (await RunAsync(again, fail: false)).Should().Be(CallResult.Rejected);
        again.Release();
        Sweeps(720);
        store.Acquire(fresh).Release();
        store.Count.Should().Be(2, "the reopened circuit keeps its entry");
    }

    [Fact]
    public void Sweep_RequestInFlight_KeepsItsEntryUntilIdleAfterIt()
    {
        using var store = CreateStore(maxAuthorities: 2);
        using var slow = Get(1);
        var entry = store.Acquire(slow);

        _time.Advance(Idle * 3);
        entry.IsEvicted.Should().BeFalse("a request in flight holds a lease");

        entry.Release();
        Sweeps(4);
        entry.IsEvicted.Should().BeFalse("idle time counts from the first sweep after the request ended");
        Sweeps(1);
        entry.IsEvicted.Should().BeTrue();
    }

    [Fact]
    public void Acquire_PastTheCapOfNames_NamesNewAuthoritiesOtherAndKeepsKnownNames()
    {
        using var store = CreateStore(maxAuthorities: 2);
        using var a = Get(1);
        using var b = Get(2);
        using var c = Get(3);
        var first = store.Acquire(a);
        var second = store.Acquire(b);
        first.Context.BreakerName.Should().Be("users/http://h1.test:80");
        second.Context.BreakerName.Should().Be("users/http://h2.test:80");
        first.Release();
        second.Release();
        Sweeps(6);
        store.Count.Should().Be(0);

        var other = store.Acquire(c);
        other.Context.BreakerName.Should().Be("users/_other");
        other.Context.Authority.Should().Be("http://h3.test:80");
        store.Acquire(a).Context.BreakerName.Should().Be("users/http://h1.test:80", "an authority named once keeps its name");
        store.NamedCount.Should().Be(2);
        _logs.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == HttpEventIds.HttpAuthorityNamesExhausted);
    }

    [Fact]
    public void Acquire_PipelineBuildFails_FreesTheSlotAndTriesAgainNextTime()
    {
        var failures = 1;
        using var store = CreateStore(maxAuthorities: 1, build: ctx =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new InvalidOperationException("bad configuration");
            }

            return BuildPipeline(ctx);
        });
        using var a = Get(1);

        store.Invoking(s => s.Acquire(a)).Should().Throw<InvalidOperationException>();
        store.Count.Should().Be(0);
        store.Acquire(a).IsBuilt.Should().BeTrue();
        store.Count.Should().Be(1);
    }

    [Fact]
    public async Task Sweep_BreakerOfACustomPipeline_DecidesEvictionToo()
    {
        // A pipeline of the user's own: its breaker is not the adapter's, but its stage is found and kept open.
        var options = new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromHours(1) };
        using var store = CreateStore(maxAuthorities: 2, build: ctx =>
            new ResiliencePipelineBuilder { TimeProvider = _time }.AddCircuitBreaker(options, ctx.BreakerName).Build());
        using var bad = Get(1);
        using var good = Get(2);
        var open = store.Acquire(bad);
        (await RunAsync(open, fail: true)).Should().Be(CallResult.Ran);
        open.Release();
        var closed = store.Acquire(good);
        closed.Release();

        Sweeps(10);

        open.IsEvicted.Should().BeFalse();
        closed.IsEvicted.Should().BeTrue();
    }

    [Fact]
    public async Task Telemetry_NamedBreakersOnTheGaugeWhileHeld_RefusalsAndEvictionsCounted_TransitionsLogged()
    {
        const string Client = "telemetry-store";
        using var gauge = new MetricCollector<int>(null, ResilienceTelemetryNames.MeterName, "resilience.circuit_breaker.state");
        using var rejected = new MetricCollector<long>(null, ResilienceTelemetryNames.MeterName, HttpResilienceConstants.AuthorityRejectedMetric);
        using var evicted = new MetricCollector<long>(null, ResilienceTelemetryNames.MeterName, HttpResilienceConstants.AuthorityEvictedMetric);
        using var store = CreateStore(maxAuthorities: 1, clientName: Client);
        using var a = Get(1);
        using var b = Get(2);
        using var c = Get(3);
        var held = store.Acquire(a);
        (await RunAsync(held, fail: true)).Should().Be(CallResult.Ran);
        held.Release();
        store.Invoking(s => s.Acquire(b)).Should().Throw<HttpAuthorityLimitExceededException>();

        gauge.RecordObservableInstruments();
        GaugeNames(gauge).Should().Contain($"{Client}/http://h1.test:80");
        rejected.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags[HttpResilienceConstants.ClientNameTag], Client));
        _logs.Collector.GetSnapshot().Should().Contain(r =>
            r.Id.Id == 1001 /* CircuitOpened */ && r.Category == "Resilience.CircuitBreaking" && r.Message.Contains($"{Client}/http://h1.test:80", StringComparison.Ordinal));

        // Reset by hand closes it; idle, it goes, and leaves the gauge. The next authority is past the names cap.
        held.Context.OwnedBreaker!.Reset();
        Sweeps(6);
        held.IsEvicted.Should().BeTrue();
        evicted.GetMeasurementSnapshot().Where(m => Equals(m.Tags[HttpResilienceConstants.ClientNameTag], Client)).Sum(m => m.Value).Should().Be(1);
        var other = store.Acquire(c);
        other.Context.BreakerName.Should().Be($"{Client}/_other");
        other.Release();
        gauge.Clear();
        gauge.RecordObservableInstruments();
        GaugeNames(gauge).Should().NotContain(n => n.StartsWith(Client, StringComparison.Ordinal), "evicted and _other breakers are not on the gauge");
    }

    [Fact(Timeout = 120_000)]
    public async Task Acquire_ManyThreadsAgainstTheSweep_NeverRunOnAnEvictedEntryNorLoseAVerdictNorCountTwice()
    {
        // 16 slots for 32 hosts: 8 always fail and open for an hour (longer than the test's virtual 40 minutes), the others
        // are picked from a window that moves, so closed ones go idle and churn through eviction while the clock advances
        // on its own thread, which runs every sweep.
        const int Threads = 6;
        const int Operations = 20_000;
        const int Hosts = 32;
        const int Bad = 8;
        const int OperationsPerStep = 100;
        using var store = CreateStore(maxAuthorities: 16);
        var requests = Enumerable.Range(0, Hosts).Select(Get).ToArray();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<AuthorityEntry, byte>();
        var rejectedSeen = new int[Hosts];
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = Threads;
        var operations = 0;
        var ct = TestContext.Current.CancellationToken;

        var clock = Task.Factory.StartNew(
            () =>
            {
                var next = OperationsPerStep;
                while (Volatile.Read(ref running) > 0 && !ct.IsCancellationRequested)
                {
                    if (Volatile.Read(ref operations) < next)
                    {
                        Thread.Yield();
                        continue;
                    }

                    _time.Advance(TimeSpan.FromSeconds(2));
                    next += OperationsPerStep;
                    if (store.Count > store.MaxAuthorities)
                    {
                        violations.Enqueue($"count {store.Count} over the cap");
                    }
                }
            },
            TaskCreationOptions.LongRunning);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            async () =>
            {
                var random = new Random(t);
                try
                {
                for (var i = 0; i < Operations && !ct.IsCancellationRequested; i++)
                {
                    var phase = Interlocked.Increment(ref operations) / 2_000;
                    var bad = random.Next(4) == 0;
                    var host = bad ? random.Next(Bad) : Bad + ((phase * 4) + random.Next(8)) % (Hosts - Bad);
                    AuthorityEntry entry;
                    try
                    {
                        entry = store.Acquire(requests[host]);
                    }
                    catch (HttpAuthorityLimitExceededException)
                    {
                        continue;
                    }

                    seen.TryAdd(entry, 0);
                    var rejectedBefore = Volatile.Read(ref rejectedSeen[host]) != 0;
                    if (entry.IsEvicted || entry.Leases < 1)
                    {
                        violations.Enqueue($"host {host}: handed out an evicted entry");
                    }

                    var result = await RunAsync(entry, bad);
                    if (entry.IsEvicted)
                    {
                        violations.Enqueue($"host {host}: evicted while a request held it");
                    }

                    entry.Release();
                    if (result == CallResult.Rejected)
                    {
                        Volatile.Write(ref rejectedSeen[host], 1);
                    }
                    else if (bad && rejectedBefore)
                    {
                        violations.Enqueue($"host {host}: a call ran after its circuit had opened (the verdict was lost)");
                    }
                }
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();

        await Task.WhenAll(workers);
        await clock;

        violations.Should().BeEmpty();
        store.EvictedCount.Should().BePositive("closed authorities churned through eviction");
        seen.Count.Should().Be((int)store.CreatedCount);
        seen.Keys.Count(e => e.IsEvicted).Should().Be((int)store.EvictedCount, "each eviction is counted once");
        seen.Keys.Count(e => !e.IsEvicted).Should().Be(store.Count);
        rejectedSeen.Take(Bad).Should().OnlyContain(r => r == 1, "every failing host's circuit opened and stayed open");
    }

    private static HttpRequestMessage Get(int host) => new(HttpMethod.Get, $"http://h{host}.test/items");

    /// <summary>Advances one sweep period at a time: a fake timer fired several times by one big step sees only its end.</summary>
    private void Sweeps(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(Sweep);
        }
    }

    private static IEnumerable<string?> GaugeNames(MetricCollector<int> gauge) =>
        gauge.GetMeasurementSnapshot().Select(m => m.Tags["circuit_breaker.name"] as string);

    private static async Task<CallResult> RunAsync(AuthorityEntry entry, bool fail)
    {
        var context = ResilienceContext.Get(CancellationToken.None);
        try
        {
            var outcome = await entry.Pipeline.ExecuteOutcomeAsync(
                static (_, fail) => new ValueTask<Outcome<int>>(fail ? Outcome.FromException<int>(new HttpRequestException("down")) : Outcome.FromResult(1)),
                context,
                fail);
            return outcome.IsRejected ? CallResult.Rejected : CallResult.Ran;
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    private ResiliencePipeline BuildPipeline(HttpResiliencePipelineContext context)
    {
        var breaker = new CircuitBreaking.CircuitBreaker(
            context.BreakerName,
            new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromHours(1), HalfOpenMaxCalls = 1 },
            _time);
        context.OwnedBreaker = breaker;
        return new ResiliencePipelineBuilder { TimeProvider = _time }.AddCircuitBreaker(breaker).Build();
    }

    private AuthorityPipelineStore CreateStore(int maxAuthorities, Func<HttpResiliencePipelineContext, ResiliencePipeline>? build = null, string clientName = "users") =>
        new(
            clientName,
            new ResilientHttpClientOptions { BreakerScope = HttpBreakerScope.Authority, MaxAuthorities = maxAuthorities, AuthorityIdleTimeout = Idle },
            build ?? BuildPipeline,
            _services,
            _time,
            _loggerFactory);

    private enum CallResult
    {
        Ran,
        Rejected,
    }
}

using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Http.Internal;
using Resilience.Registry;
using Resilience.Telemetry;
using Resilience.TestUtilities.Http;

namespace Resilience.Http.Tests.DependencyInjection;

/// <content>Per-authority breakers in the client's bounded store: real Kestrel servers, and 100,000 host names in memory.</content>
public sealed partial class HttpClientBuilderResilienceExtensionsTests
{
    private static readonly TimeSpan AuthorityIdle = TimeSpan.FromMinutes(1);

    [Fact(Timeout = 120_000)]
    public async Task AuthorityScope_FullStore_RefusesTheNewHostOnlyAndNeverTouchesTheRegistry()
    {
        await using var second = await FaultServer.StartAsync();
        await using var third = await FaultServer.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience();
        services.Configure<CircuitBreakerRegistryOptions>(o => o.MaxBreakers = 2);
        services.AddHttpClient("users").AddStandardResilience(o =>
        {
            o.BreakerScope = HttpBreakerScope.Authority;
            o.MaxAuthorities = 2;
            o.AuthorityIdleTimeout = AuthorityIdle;
        });
        services.AddHttpClient("orders", c => c.BaseAddress = third.BaseAddress).AddStandardResilience();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        using var users = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        (await users.GetAsync(_server.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await users.GetAsync(second.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await users.Invoking(c => c.GetAsync(third.BaseAddress, ct)).Should().ThrowAsync<HttpAuthorityLimitExceededException>();
        refused.Which.Authority.Should().Be($"http://127.0.0.1:{third.BaseAddress.Port}");
        third.RequestCount.Should().Be(0, "a refused request is not sent");

        // The client's held hosts, another client and the registry's named breakers go on.
        (await users.GetAsync(_server.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var orders = factory.CreateClient("orders");
        (await orders.GetAsync("items", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var registry = provider.GetRequiredService<CircuitBreakerRegistry>();
        registry.GetOrCreate("payments").State.Should().Be(CircuitState.Closed);
        registry.Names.Should().BeEquivalentTo("orders", "payments");

        // Once the held hosts have been idle for the idle timeout (closed circuits), the new host gets a slot.
        AdvanceBySweeps(AuthorityIdle * 1.5);
        (await users.GetAsync(third.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        third.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task AuthorityScope_EveryAuthoritysPipeline_SharesTheClientsTwoTimeoutManagers()
    {
        await using var second = await FaultServer.StartAsync();
        await using var third = await FaultServer.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient("users").AddStandardResilience(static o => o.BreakerScope = HttpBreakerScope.Authority);
        await using var provider = services.BuildServiceProvider();
        using var users = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        foreach (var server in new[] { _server, second, third })
        {
            (await users.GetAsync(new Uri(server.BaseAddress, "items"), ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var store = provider.GetRequiredService<HttpResiliencePipelineCache>().GetAuthorityStore("users")!;
        store.Count.Should().Be(3);
        store.Timeouts.Created.Should().Be(2, "one total-timeout and one attempt-timeout manager serve the three authorities (a timer wheel each, not two per host)");
        store.Entries.Should().OnlyContain(e => e.Pipeline.Strategies.OfType<Resilience.Timeout.TimeoutStrategy>().Select(t => t.Timeout)
            .SequenceEqual(new[] { TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(30) }), "each authority keeps the total and the attempt timeout");
    }

    [Fact(Timeout = 120_000)]
    public async Task AuthorityScope_FullStoreWithServiceUnavailableOnRejection_Returns503()
    {
        await using var second = await FaultServer.StartAsync();
        await using var provider = Authorities(o => { o.MaxAuthorities = 1; o.ReturnServiceUnavailableOnRejection = true; }, out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync(_server.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var response = await client.GetAsync(second.BaseAddress, ct);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.ReasonPhrase.Should().Be(HttpResilienceConstants.RejectedReasonPhrase);
        second.RequestCount.Should().Be(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task AuthorityScope_OpenCircuitIdlePastTheTimeout_KeepsItsVerdictWhileClosedHostsAreEvicted()
    {
        await using var healthy = await FaultServer.StartAsync();
        await using var fresh = await FaultServer.StartAsync();
        _server.SetDefault(Fault.Status(503));
        await using var provider = Authorities(
            o =>
            {
                o.MaxAuthorities = 2;
                o.Retry.MaxAttempts = 1;
                o.CircuitBreaker.FailureThreshold = 2;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(30);
            },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync(_server.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        (await client.GetAsync(healthy.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Ten idle timeouts later (the break still runs): the healthy host went, the failing one is still open.
        AdvanceBySweeps(AuthorityIdle * 10);
        (await client.GetAsync(fresh.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        await client.Invoking(c => c.GetAsync(_server.BaseAddress, ct)).Should().ThrowAsync<CircuitOpenException>();
        _server.RequestCount.Should().Be(2, "the open circuit kept its verdict: nothing more reached the failing host");
        provider.GetRequiredService<HttpResiliencePipelineCache>().GetAuthorityStore("users")!.EvictedCount.Should().Be(1);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AuthorityScope_BreakerTransitions_ReachTheApplicationsListenerOnce(bool optionsNameTheListener)
    {
        // With the options' listener also the application's, a transition reported by the breaker and again by the store
        // would reach it twice; without one, the store reports it.
        var listener = new RecordingListener();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ResilienceTelemetryListener>(listener);
        services.AddHttpClient("users").AddStandardResilience(o =>
        {
            o.BreakerScope = HttpBreakerScope.Authority;
            o.Retry.MaxAttempts = 1;
            o.CircuitBreaker.FailureThreshold = 2;
            o.CircuitBreaker.TelemetryListener = optionsNameTheListener ? listener : null;
        });
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        _server.SetDefault(Fault.Status(503));
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync(_server.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        listener.Events.Should().NotBeEmpty("the breaker opened");
        listener.Events.GroupBy(e => e).Should().OnlyContain(g => g.Count() == 1, "each transition is reported once");
    }

    [Fact(Timeout = 120_000)]
    public async Task AuthorityScope_MoreHostsThanTheRegistryHolds_LeaveNamedBreakersAndOtherClientsWorking()
    {
        // The regression of issue 14: per-authority breakers came from the application's registry, so 1,001 host names
        // on one client filled it (MaxBreakers 1,000) and every new breaker of the application failed.
        var terminal = new InMemoryHandler();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience();
        services.AddHttpClient("crawler").ConfigurePrimaryHttpMessageHandler(() => terminal)
            .AddStandardResilience(o => o.BreakerScope = HttpBreakerScope.Authority);
        services.AddHttpClient("orders", c => c.BaseAddress = _server.BaseAddress).AddStandardResilience();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        using var crawler = factory.CreateClient("crawler");
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 1_001; i++)
        {
            try
            {
                (await crawler.GetAsync(new Uri($"http://h{i}.test/"), ct)).Dispose();
            }
            catch (ResilienceException)
            {
                // Past the client's own cap; asserted elsewhere.
            }
        }

        var registry = provider.GetRequiredService<CircuitBreakerRegistry>();
        registry.Invoking(r => r.GetOrCreate("payments")).Should().NotThrow();
        using var orders = factory.CreateClient("orders");
        (await orders.GetAsync("items", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact(Timeout = 300_000)]
    public async Task AuthorityScope_HundredThousandHostNames_StayWithinTheCapAndBlockNoOtherClientOrNamedBreaker()
    {
        // 100,000 host names on one client, answered in memory (h{i}.test): the store never holds more than its cap,
        // telemetry names stay bounded, and another client's first request and a named breaker still work.
        const int Cap = 100;
        var terminal = new InMemoryHandler();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience();
        services.AddHttpClient("crawler")
            .ConfigurePrimaryHttpMessageHandler(() => terminal)
            .AddStandardResilience(o =>
            {
                o.BreakerScope = HttpBreakerScope.Authority;
                o.AuthorityIdleTimeout = AuthorityIdle;
            });
        services.AddHttpClient("orders", c => c.BaseAddress = _server.BaseAddress).AddStandardResilience(o => o.BreakerScope = HttpBreakerScope.Authority);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        using var crawler = factory.CreateClient("crawler");
        var ct = TestContext.Current.CancellationToken;
        var refused = 0;
        var maxCount = 0;
        AuthorityPipelineStore? store = null;

        for (var i = 0; i < 100_000; i++)
        {
            try
            {
                using var response = await crawler.GetAsync(new Uri($"http://h{i}.test/"), ct);
                response.StatusCode.Should().Be(HttpStatusCode.OK);
            }
            catch (HttpAuthorityLimitExceededException)
            {
                refused++;
            }

            store ??= provider.GetRequiredService<HttpResiliencePipelineCache>().GetAuthorityStore("crawler");
            maxCount = Math.Max(maxCount, store!.Count);

            // Every 500 hosts the clock moves past the idle timeout, so the idle ones (all closed) are evicted.
            if (i % 500 == 499)
            {
                AdvanceBySweeps(AuthorityIdle * 1.5);
            }
        }

        maxCount.Should().BeLessThanOrEqualTo(Cap);
        store!.Count.Should().BeLessThanOrEqualTo(Cap);
        store.NamedCount.Should().Be(Cap, "past the cap, breakers are named crawler/_other");
        (terminal.Requests + refused).Should().Be(100_000);
        refused.Should().Be(200 * (500 - Cap), "each 500-host burst fills the cap; the rest of the burst is refused");
        store.EvictedCount.Should().Be(store.CreatedCount - store.Count);

        using var orders = factory.CreateClient("orders");
        (await orders.GetAsync("items", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var registry = provider.GetRequiredService<CircuitBreakerRegistry>();
        registry.GetOrCreate("payments").State.Should().Be(CircuitState.Closed);
        registry.Count.Should().Be(1, "per-authority breakers never enter the registry");
    }

    [Fact(Timeout = 120_000)]
    public async Task AuthorityScope_Monitor_ShowsEachHostsBreakerAndForgetsItWhenTheStoreEvictsIt()
    {
        await using var other = await FaultServer.StartAsync();
        _server.SetDefault(Fault.Status(503));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience().AddMonitoring();
        services.AddHttpClient("users").AddStandardResilience(o =>
        {
            o.BreakerScope = HttpBreakerScope.Authority;
            o.AuthorityIdleTimeout = AuthorityIdle;
            o.MaxAuthorities = 2;
            o.Retry.MaxAttempts = 1;
            o.CircuitBreaker.FailureThreshold = 1;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(30);
        });
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<Resilience.Monitoring.CircuitBreakerMonitor>();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync(_server.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync(other.BaseAddress, ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var dashboard = monitor.GetDashboard();
        dashboard.Breakers.Select(b => b.Name).Where(n => n.StartsWith("users/", StringComparison.Ordinal)).Should().HaveCount(2, "each host's breaker is monitored");
        dashboard.Breakers.Should().ContainSingle(b => b.State == CircuitState.Open).Which.Name.Should().StartWith("users/http://127.0.0.1:");
        dashboard.Summary.Open.Should().Be(1);

        AdvanceBySweeps(AuthorityIdle * 3);
        monitor.GetDashboard().Breakers.Select(b => b.Name).Where(n => n.StartsWith("users/", StringComparison.Ordinal))
            .Should().ContainSingle("the healthy host's entry was evicted and left the monitor; the open one stays")
            .Which.Should().Be(dashboard.Breakers.Single(b => b.State == CircuitState.Open).Name);
    }

    [Fact]
    public async Task AuthorityScope_Options_BindFromConfigurationAndAreValidated()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Http:users:BreakerScope"] = "Authority",
            ["Resilience:Http:users:MaxAuthorities"] = "250",
            ["Resilience:Http:users:AuthorityIdleTimeout"] = "00:02:00",
            ["Resilience:Http:bad:MaxAuthorities"] = "0",
            ["Resilience:Http:bad:AuthorityIdleTimeout"] = "00:00:00.500",
        }).Build();
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddStandardResilience(configuration.GetSection("Resilience:Http:users"));
        services.AddHttpClient("bad").AddStandardResilience(configuration.GetSection("Resilience:Http:bad"));
        services.AddHttpClient("defaults").AddResilience((_, _) => { }, o => o.MaxAuthorities = 100_001);
        await using var provider = services.BuildServiceProvider();

        var users = provider.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("users");
        users.MaxAuthorities.Should().Be(250);
        users.AuthorityIdleTimeout.Should().Be(TimeSpan.FromMinutes(2));
        new ResilientHttpClientOptions().MaxAuthorities.Should().Be(100);
        new ResilientHttpClientOptions().AuthorityIdleTimeout.Should().Be(TimeSpan.FromMinutes(5));

        var bad = provider.Invoking(p => p.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("bad"))
            .Should().Throw<OptionsValidationException>().Which;
        bad.Failures.Should().Contain("Resilience:Http:bad:MaxAuthorities must be between 1 and 100000; it was 0.");
        bad.Failures.Should().Contain("Resilience:Http:bad:AuthorityIdleTimeout must be between 00:00:01 and 1.00:00:00; it was 00:00:00.5000000.");
        provider.Invoking(p => p.GetRequiredService<IOptionsMonitor<ResilientHttpClientOptions>>().Get("defaults"))
            .Should().Throw<OptionsValidationException>().Which.Failures
            .Should().Contain("Resilience:Http:defaults:MaxAuthorities must be between 1 and 100000; it was 100001.");
    }

    /// <summary>Advances one sweep period (a quarter of the idle timeout) at a time: a fake periodic timer that fires
    /// several times within one step sees only the step's end.</summary>
    private void AdvanceBySweeps(TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += AuthorityIdle / 4)
        {
            _time.Advance(AuthorityIdle / 4);
        }
    }

    private ServiceProvider Authorities(Action<StandardHttpResilienceOptions> configure, out IHttpClientFactory factory) =>
        Standard(
            o =>
            {
                o.BreakerScope = HttpBreakerScope.Authority;
                o.AuthorityIdleTimeout = AuthorityIdle;
                configure(o);
            },
            out factory);

    /// <summary>Answers every request with 200 without a network, counting them.</summary>
    private sealed class InMemoryHandler : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
        }
    }

    private sealed class RecordingListener : ResilienceTelemetryListener
    {
        private readonly List<(int Id, string Source)> _events = [];

        public IReadOnlyList<(int Id, string Source)> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public override void Write(in ResilienceEvent resilienceEvent)
        {
            lock (_events)
            {
                _events.Add((resilienceEvent.Id, resilienceEvent.SourceName));
            }
        }
    }
}

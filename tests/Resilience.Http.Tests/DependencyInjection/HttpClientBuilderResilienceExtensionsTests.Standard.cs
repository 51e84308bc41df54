using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Http.Tests.TestSupport;
using Resilience.Registry;
using Resilience.TestUtilities.Http;
using Resilience.TestUtilities.Time;
using Resilience.Timeout;

namespace Resilience.Http.Tests.DependencyInjection;

/// <content>The standard preset against the real server, with the real breaker, retry and timeouts on virtual time.</content>
public sealed partial class HttpClientBuilderResilienceExtensionsTests
{
    private readonly WatchedTimeProvider _time = new();

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_OpenCircuit_ServerSeesNothingThenExactlyTheProbesThenRecovers()
    {
        // Arrange: one attempt per call so every server request is one breaker outcome.
        _server.SetDefault(Fault.Status(503));
        await using var provider = Standard(o => o.Retry.MaxAttempts = 1, out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        // Five consecutive failures open the circuit.
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("items", ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        // Open: nothing reaches the server.
        for (var i = 0; i < 20; i++)
        {
            var open = await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<CircuitOpenException>();
            open.Which.RetryAfter.Should().BePositive();
        }

        _server.RequestCount.Should().Be(5);

        // Half-open after the break: exactly HalfOpenMaxCalls (3) probes reach the server, the rest are rejected at once.
        _time.Advance(TimeSpan.FromSeconds(60));
        _server.SetDefault(Fault.Hold);
        var calls = Enumerable.Range(0, 10).Select(_ => client.GetAsync("items", ct)).ToArray();
        await _server.WaitForRequestsAsync(8);
        var rejected = 0;
        foreach (var call in calls)
        {
            if (call.IsFaulted && call.Exception!.InnerException is CircuitOpenException)
            {
                rejected++;
            }
        }

        rejected.Should().Be(7);
        _server.RequestCount.Should().Be(8);

        // The server recovers: the probes succeed and the circuit closes.
        _server.SetDefault(Fault.Ok);
        _server.ReleaseHeld();
        foreach (var call in calls.Where(c => !c.IsFaulted))
        {
            (await call).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("items", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        _server.RequestCount.Should().Be(13);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_SyntheticResponseOptIn_OpenCircuitReturns503WithRetryAfter()
    {
        _server.SetDefault(Fault.Status(500));
        await using var provider = Standard(
            o =>
            {
                o.Retry.MaxAttempts = 1;
                o.CircuitBreaker.FailureThreshold = 2;
                o.ReturnServiceUnavailableOnRejection = true;
            },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync("items", ct)).Dispose();
        (await client.GetAsync("items", ct)).Dispose();
        using var rejected = await client.GetAsync("items", ct);

        rejected.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        rejected.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
        _server.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_GetIsRetriedPostIsNotUnlessOptedIn()
    {
        await using var provider = Standard(o => o.Retry.BaseDelay = TimeSpan.Zero, out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        _server.Enqueue(Fault.Status(503), 1);
        (await client.GetAsync("items", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        _server.CountOf(HttpMethod.Get).Should().Be(2);

        _server.Enqueue(Fault.Status(503), 1);
        (await client.PostAsync("orders", new StringContent("o"), ct)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        _server.CountOf(HttpMethod.Post).Should().Be(1);

        _server.Enqueue(Fault.Status(503), 1);
        using var optedIn = new HttpRequestMessage(HttpMethod.Post, "orders") { Content = new StringContent("o") };
        optedIn.Options.Set(HttpResilienceRequestOptions.AllowRetry, true);
        (await client.SendAsync(optedIn, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        _server.CountOf(HttpMethod.Post).Should().Be(3);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_RetryAfter_IsTheDelayBeforeTheNextAttempt()
    {
        var delays = new List<TimeSpan>();
        await using var provider = Standard(
            o => o.Retry.OnRetry = args =>
            {
                delays.Add(args.Delay);
                return ValueTask.CompletedTask;
            },
            out var factory);
        using var client = factory.CreateClient("users");
        _server.Enqueue(Fault.Status(429, retryAfter: "7"), 1);
        var waiting = _time.WhenTimerCreated(TimeSpan.FromSeconds(7));

        var call = client.GetAsync("items", TestContext.Current.CancellationToken);
        await waiting;
        _time.Advance(TimeSpan.FromSeconds(6.9));
        _server.RequestCount.Should().Be(1);
        call.IsCompleted.Should().BeFalse("the retry waits for the server's Retry-After");
        _time.Advance(TimeSpan.FromSeconds(0.1));

        (await call).StatusCode.Should().Be(HttpStatusCode.OK);
        delays.Should().Equal(TimeSpan.FromSeconds(7));
        _server.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_NotFound_NeverTripsTheBreaker()
    {
        _server.SetDefault(Fault.Status(404));
        await using var provider = Standard(o => o.CircuitBreaker.FailureThreshold = 2, out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync("missing", ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        _server.RequestCount.Should().Be(20, "a 404 is neither retried nor counted");
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_ConnectionAborts_CountAsFailures()
    {
        _server.SetDefault(Fault.Abort);
        await using var provider = Standard(
            o =>
            {
                o.Retry.MaxAttempts = 1;
                o.CircuitBreaker.FailureThreshold = 2;
            },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<HttpRequestException>();
        await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<HttpRequestException>();
        await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<CircuitOpenException>();

        _server.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_AttemptTimeouts_CountAsFailures()
    {
        _server.SetDefault(Fault.Hold);
        await using var provider = Standard(
            o =>
            {
                o.Retry.MaxAttempts = 1;
                o.CircuitBreaker.FailureThreshold = 2;
            },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        for (var i = 1; i <= 2; i++)
        {
            var call = client.GetAsync("slow", ct);
            await _server.WaitForRequestsAsync(i);
            _time.Advance(TimeSpan.FromSeconds(31));
            (await call.Invoking(async c => await c).Should().ThrowAsync<TimeoutRejectedException>()).Which.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        }

        await client.Invoking(c => c.GetAsync("slow", ct)).Should().ThrowAsync<CircuitOpenException>();
        _server.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_PerRequestOperationType_PicksTheAttemptTimeout()
    {
        _server.SetDefault(Fault.Hold);
        await using var provider = Standard(o => o.Retry.MaxAttempts = 1, out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;
        using var probe = new HttpRequestMessage(HttpMethod.Get, "health");
        probe.Options.Set(HttpResilienceRequestOptions.OperationType, OperationTypes.HealthCheck);

        var health = client.SendAsync(probe, ct);
        var standard = client.GetAsync("items", ct);
        await _server.WaitForRequestsAsync(2);
        _time.Advance(TimeSpan.FromSeconds(11));

        (await health.Invoking(async c => await c).Should().ThrowAsync<TimeoutRejectedException>()).Which.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        standard.IsCompleted.Should().BeFalse("a standard request has 30 seconds");
        _server.ReleaseHeld();
        (await standard).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_CallerCancellation_NeverTripsTheBreaker()
    {
        _server.SetDefault(Fault.Hold);
        await using var provider = Standard(o => o.CircuitBreaker.FailureThreshold = 2, out var factory);
        using var client = factory.CreateClient("users");

        for (var i = 1; i <= 5; i++)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var call = client.GetAsync("slow", cts.Token);
            await _server.WaitForRequestsAsync(i);
            await cts.CancelAsync();
            await call.Invoking(async c => await c).Should().ThrowAsync<OperationCanceledException>();
        }

        _server.SetDefault(Fault.Ok);
        (await client.GetAsync("items", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(6, "cancelled calls are neither retried nor counted");
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_AuthorityScope_OneFailingHostLeavesTheOthersBreakerClosed()
    {
        await using var healthy = await FaultServer.StartAsync();
        _server.SetDefault(Fault.Status(503));
        await using var provider = Standard(
            o =>
            {
                o.Retry.MaxAttempts = 1;
                o.CircuitBreaker.FailureThreshold = 2;
                o.BreakerScope = HttpBreakerScope.Authority;
            },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 5; i++)
        {
            try
            {
                (await client.GetAsync(new Uri(_server.BaseAddress, "items"), ct)).Dispose();
            }
            catch (CircuitOpenException)
            {
            }

            (await client.GetAsync(new Uri(healthy.BaseAddress, "items"), ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        _server.RequestCount.Should().Be(2, "the failing host's breaker opened after two failures");
        healthy.RequestCount.Should().Be(5, "the healthy host has its own breaker");
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_ApplicationRegistry_HoldsTheClientsBreakerWithTheClientsOptions()
    {
        _server.SetDefault(Fault.Status(503));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience();
        services.AddHttpClient("users", c => c.BaseAddress = _server.BaseAddress).AddStandardResilience(o =>
        {
            o.Retry.MaxAttempts = 1;
            o.CircuitBreaker.FailureThreshold = 2;
        });
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync("items", ct)).Dispose();
        (await client.GetAsync("items", ct)).Dispose();

        var registry = provider.GetRequiredService<CircuitBreakerRegistry>();
        registry.TryGet("users", out var breaker).Should().BeTrue();
        breaker!.State.Should().Be(CircuitState.Open, "the client's FailureThreshold of 2 reached the registry's breaker");
        await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<CircuitOpenException>();
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_Soak_TenThousandRequestsWithFaultsLeakNoConnection()
    {
        // Arrange: 30 % of requests fail (500, 503 or a connection abort), 4 connections at most; the breaker trips on a
        // ratio above the fault rate, so every request is sent; retries have no delay.
        _server.SetPattern(n => (n % 10) switch
        {
            0 => Fault.Status(500),
            3 => Fault.Status(503),
            6 => Fault.Abort,
            _ => Fault.Ok,
        });
        TrackingHandler? tracking = null;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient("soak", c => c.BaseAddress = _server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => tracking = new TrackingHandler(HttpConnectionPool.CreateHandler(new HttpConnectionPoolOptions { MaxConnectionsPerServer = 4 })))
            .AddStandardResilience(o =>
            {
                o.Retry.BaseDelay = TimeSpan.Zero;
                o.CircuitBreaker.TripPolicy = CircuitBreakerTripPolicy.FailureRatio;
                o.CircuitBreaker.FailureRatio = 0.9;
            });
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("soak");
        var ok = 0;
        var failed = 0;

        // Act
        await Parallel.ForEachAsync(
            Enumerable.Range(0, 10_000),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken },
            async (_, ct) =>
            {
                try
                {
                    using var response = await client.GetAsync("items", ct);
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref ok : ref failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            });

        // Assert: every call completed (an exhausted pool would hang), and every response, failed attempts included, was disposed.
        (ok + failed).Should().Be(10_000);
        ok.Should().BeGreaterThan(9_500, "three attempts make a 30 % fault rate rare to exhaust");
        _server.RequestCount.Should().BeGreaterThan(10_000);
        tracking!.Created.Should().BeGreaterThan(10_000);
        tracking.Live.Should().Be(0);
    }

    [Fact]
    public void AddStandardResilience_Synchronous_SendRetriesToo()
    {
        _server.Enqueue(Fault.Status(502), 1);
        using var provider = Standard(o => o.Retry.BaseDelay = TimeSpan.Zero, out var factory);
        using var client = factory.CreateClient("users");

        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, "items"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(2);
    }

    [Fact]
    public async Task AddStandardResilience_Defaults_AndHttpClientTimeoutIsInfinite()
    {
        await using var provider = Standard(null, out var factory);
        var options = provider.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("users");

        options.TotalTimeout.Should().Be(TimeSpan.FromSeconds(100));
        options.Retry.MaxAttempts.Should().Be(3);
        options.Retry.ShouldHandle.Should().NotBeNull();
        options.CircuitBreaker.FailureThreshold.Should().Be(5);
        options.CircuitBreaker.BreakDuration.Should().Be(TimeSpan.FromSeconds(60));
        options.CircuitBreaker.HalfOpenMaxCalls.Should().Be(3);
        options.AttemptTimeout.Timeouts[OperationTypes.StandardRequest].Should().Be(TimeSpan.FromSeconds(30));
        options.BreakerScope.Should().Be(HttpBreakerScope.Client);
        options.AllowNonIdempotentRetries.Should().BeFalse();
        factory.CreateClient("users").Timeout.Should().Be(System.Threading.Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public async Task AddStandardResilience_Configuration_BindsPerClientName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Http:users:AllowNonIdempotentRetries"] = "true",
            ["Resilience:Http:users:BreakerScope"] = "Authority",
            ["Resilience:Http:users:TotalTimeout"] = "00:00:45",
            ["Resilience:Http:users:Retry:MaxAttempts"] = "5",
            ["Resilience:Http:users:Retry:BaseDelay"] = "00:00:00.200",
            ["Resilience:Http:users:CircuitBreaker:FailureThreshold"] = "7",
            ["Resilience:Http:users:AttemptTimeout:Timeouts:health_check"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddStandardResilience(configuration.GetSection("Resilience:Http:users"));
        services.AddHttpClient("orders").AddStandardResilience();
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>();

        var users = monitor.Get("users");
        users.AllowNonIdempotentRetries.Should().BeTrue();
        users.BreakerScope.Should().Be(HttpBreakerScope.Authority);
        users.TotalTimeout.Should().Be(TimeSpan.FromSeconds(45));
        users.Retry.MaxAttempts.Should().Be(5);
        users.Retry.BaseDelay.Should().Be(TimeSpan.FromMilliseconds(200));
        users.Retry.ShouldHandle.Should().NotBeNull("binding keeps the HTTP predicate");
        users.CircuitBreaker.FailureThreshold.Should().Be(7);
        users.AttemptTimeout.Timeouts[OperationTypes.HealthCheck].Should().Be(TimeSpan.FromSeconds(3));
        monitor.Get("orders").Retry.MaxAttempts.Should().Be(3, "options are per client name");
    }

    [Fact]
    public async Task AddStandardResilience_InvalidNestedOptions_FailNamingClientOptionAndValue()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddStandardResilience(o =>
        {
            o.CircuitBreaker.FailureThreshold = 0;
            o.TotalTimeout = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("users");

        var error = act.Should().Throw<OptionsValidationException>().Which;
        error.Failures.Should().Contain("Resilience:Http:users:TotalTimeout must be between 00:00:00.0010000 and 1.00:00:00 (or Timeout.InfiniteTimeSpan for none) when set; it was 00:00:00.");
        error.Failures.Should().Contain(f => f.StartsWith("Resilience:Http:users:CircuitBreaker:", StringComparison.Ordinal) && f.Contains("FailureThreshold", StringComparison.Ordinal) && f.Contains('0'));
    }

    private ServiceProvider Standard(Action<StandardHttpResilienceOptions>? configure, out IHttpClientFactory factory)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient("users", c => c.BaseAddress = _server.BaseAddress).AddStandardResilience(configure);
        var provider = services.BuildServiceProvider();
        factory = provider.GetRequiredService<IHttpClientFactory>();
        return provider;
    }

    [Theory]
    [InlineData("10675199.02:48:05.4775807")]
    [InlineData("1.00:00:00.0010000")]
    public async Task AddStandardResilience_TotalTimeoutBeyondOneDay_FailsAtStartUpNotOnEveryRequest(string total)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddStandardResilience(o => o.TotalTimeout = TimeSpan.Parse(total, System.Globalization.CultureInfo.InvariantCulture));
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<StandardHttpResilienceOptions>>().Get("users");

        act.Should().Throw<OptionsValidationException>().Which.Failures
            .Should().Contain($"Resilience:Http:users:TotalTimeout must be between 00:00:00.0010000 and 1.00:00:00 (or Timeout.InfiniteTimeSpan for none) when set; it was {total}.");
    }

    [Fact]
    public async Task AddStandardResilience_InfiniteTotalTimeout_MeansNoTotalTimeout()
    {
        _server.SetDefault(Fault.Ok);
        await using var provider = Standard(o => o.TotalTimeout = System.Threading.Timeout.InfiniteTimeSpan, out var factory);

        var response = await factory.CreateClient("users").GetAsync("items", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "InfiniteTimeSpan passes start-up and leaves the total timeout out");
    }
}

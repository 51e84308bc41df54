using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.TestUtilities.Http;
using Resilience.Timeout;

namespace Resilience.Http.Tests.DependencyInjection;

/// <content>The standard hedging preset against the real server, on virtual time.</content>
public sealed partial class HttpClientBuilderResilienceExtensionsTests
{
    private static readonly TimeSpan HedgingDelay = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 60_000)]
    public async Task AddStandardHedging_SlowPrimary_TheHedgeAnswersAndThePrimaryIsCancelledAndAwaited()
    {
        _server.Enqueue(Fault.Hold);
        await using var provider = Hedged(null, out var factory);
        using var client = factory.CreateClient("users");
        var delayArmed = _time.WhenTimerCreated(HedgingDelay);

        var call = client.GetAsync("items", TestContext.Current.CancellationToken);
        await _server.WaitForRequestsAsync(1);
        await delayArmed;
        _time.Advance(HedgingDelay);

        // The server never releases the primary: the call can only return once the primary was cancelled and awaited.
        using var response = await call;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 60_000)]
    public async Task AddStandardHedging_PrimaryFails_TheHedgeStartsAtOnce()
    {
        _server.Enqueue(Fault.Status(503));
        await using var provider = Hedged(null, out var factory);
        using var client = factory.CreateClient("users");

        using var response = await client.GetAsync("items", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(2);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task AddStandardHedging_Post_IsHedgedOnlyWhenTheCallerOptsIn(bool allowNonIdempotent, int expectedRequests)
    {
        _server.Enqueue(Fault.Status(503));
        await using var provider = Hedged(o => o.AllowNonIdempotentRetries = allowNonIdempotent, out var factory);
        using var client = factory.CreateClient("users");

        using var response = await client.PostAsync("orders", new StringContent("{\"id\":42}"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(allowNonIdempotent ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable);
        _server.RequestCount.Should().Be(expectedRequests);
        _server.CountOf(HttpMethod.Post).Should().Be(expectedRequests);
        _server.Bodies.Should().HaveCount(expectedRequests).And.AllBe("{\"id\":42}", "each attempt sends its own copy of the request with the same content");
    }

    [Fact(Timeout = 60_000)]
    public async Task AddStandardHedging_EveryAttemptHangs_TheTotalTimeoutEndsTheCall()
    {
        _server.SetDefault(Fault.Hold);
        await using var provider = Hedged(o => o.TotalTimeout = TimeSpan.FromSeconds(10), out var factory);
        using var client = factory.CreateClient("users");

        var delayArmed = _time.WhenTimerCreated(HedgingDelay);
        var call = client.GetAsync("items", TestContext.Current.CancellationToken);
        await _server.WaitForRequestsAsync(1);
        await delayArmed;
        _time.Advance(HedgingDelay);
        await _server.WaitForRequestsAsync(2);

        _time.Advance(TimeSpan.FromSeconds(10));

        await call.Invoking(c => c).Should().ThrowAsync<TimeoutRejectedException>();
        _server.RequestCount.Should().Be(2, "the primary and the one hedged attempt; both were cancelled");
    }

    [Fact(Timeout = 60_000)]
    public async Task AddStandardHedging_FailingAuthority_ItsBreakerOpensAndNothingMoreIsSent()
    {
        _server.SetDefault(Fault.Status(503));
        await using var provider = Hedged(null, out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        // Each call is two failed attempts (the primary, then the hedge at once): the fifth failure, the third call's
        // primary, opens the circuit, and that call's hedge is rejected by it.
        for (var i = 0; i < 2; i++)
        {
            using var failed = await client.GetAsync("items", ct);
            failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<CircuitOpenException>();
        _server.RequestCount.Should().Be(5);

        for (var i = 0; i < 5; i++)
        {
            await client.Invoking(c => c.GetAsync("items", ct)).Should().ThrowAsync<CircuitOpenException>();
        }

        _server.RequestCount.Should().Be(5, "an open circuit sends nothing, neither the primary nor a hedge");
    }

    [Fact]
    public async Task AddStandardHedging_ClientScope_FailsAtStartUpNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("users").AddStandardHedging(o => o.BreakerScope = HttpBreakerScope.Client);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<StandardHttpHedgingOptions>>().Get("users");

        act.Should().Throw<OptionsValidationException>().Which.Failures
            .Should().Contain(f => f.Contains("users") && f.EndsWith("BreakerScope must be Authority for the hedging preset (its breaker is per endpoint); it was Client.", StringComparison.Ordinal));
    }

    private ServiceProvider Hedged(Action<StandardHttpHedgingOptions>? configure, out IHttpClientFactory factory)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient("users", c => c.BaseAddress = _server.BaseAddress).AddStandardHedging(configure);
        var provider = services.BuildServiceProvider();
        factory = provider.GetRequiredService<IHttpClientFactory>();
        return provider;
    }
}

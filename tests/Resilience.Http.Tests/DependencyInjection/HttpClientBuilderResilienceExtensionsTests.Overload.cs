using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Resilience.AdaptiveConcurrency;
using Resilience.Throttling;
using Resilience.TestUtilities.Http;

namespace Resilience.Http.Tests.DependencyInjection;

/// <content>The presets' opt-in overload stages (client-side throttling, the adaptive concurrency limit) against the real server.</content>
public sealed partial class HttpClientBuilderResilienceExtensionsTests
{
    private const int OverloadCalls = 200;

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_ClientThrottling_ADeadBackendReceivesASmallShareAndAHealthyOneEverything()
    {
        _server.SetDefault(Fault.Status(503));
        await using var provider = Standard(WithThrottling, out var factory);
        using var client = factory.CreateClient("users");

        var (sent, throttled) = await SendOverOneWindowAsync(client, _server, TestContext.Current.CancellationToken);

        // Without the HTTP rule a 503 would be an accept and nothing would be throttled; with it the backend gets about
        // ln(calls) requests: the probability (requests - 2 accepts) / (requests + 1) tends to 1 while it accepts nothing.
        sent.Should().BeInRange(1, OverloadCalls / 10);
        throttled.Should().Be(OverloadCalls - sent);
        throttled.Should().BePositive();
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_ClientThrottling_AHealthyBackendReceivesEveryCall()
    {
        await using var provider = Standard(WithThrottling, out var factory);
        using var client = factory.CreateClient("users");

        var (sent, throttled) = await SendOverOneWindowAsync(client, _server, TestContext.Current.CancellationToken);

        sent.Should().Be(OverloadCalls);
        throttled.Should().Be(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_ClientThrottlingByAuthority_ThrottlesOnlyTheDeadAuthority()
    {
        await using var healthy = await FaultServer.StartAsync();
        _server.SetDefault(Fault.Status(503));
        await using var provider = Standard(
            o =>
            {
                WithThrottling(o);
                o.BreakerScope = HttpBreakerScope.Authority;
            },
            out var factory);
        using var client = factory.CreateClient("users");

        var (deadSent, _) = await SendOverOneWindowAsync(client, _server, TestContext.Current.CancellationToken);
        var (healthySent, healthyThrottled) = await SendOverOneWindowAsync(client, healthy, TestContext.Current.CancellationToken);

        deadSent.Should().BeLessThanOrEqualTo(OverloadCalls / 10);
        healthySent.Should().Be(OverloadCalls, "each authority has its own throttle, fed only by what that backend accepts");
        healthyThrottled.Should().Be(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardResilience_AdaptiveConcurrency_RejectsBeyondTheLimitWithoutSending()
    {
        _server.Enqueue(Fault.Hold);
        await using var provider = Standard(
            static o =>
            {
                o.Retry.MaxAttempts = 1;
                o.AdaptiveConcurrency = new AdaptiveConcurrencyOptions { InitialLimit = 1, MinLimit = 1, MaxLimit = 1 };
            },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        var held = client.GetAsync("held", ct);
        await _server.WaitForRequestsAsync(1);
        var rejected = await client.Invoking(c => c.GetAsync("second", ct)).Should().ThrowAsync<AdaptiveConcurrencyRejectedException>();
        _server.RequestCount.Should().Be(1, "a call over the limit is rejected at once, not sent");
        rejected.Which.LimitName.Should().Be("users", "the limit is named like the client's breaker");

        _server.ReleaseHeld();
        (await held).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("third", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task AddStandardHedging_AdaptiveConcurrency_LimitsEveryHedgedAttempt()
    {
        _server.SetDefault(Fault.Hold);
        await using var provider = Hedged(
            static o => o.AdaptiveConcurrency = new AdaptiveConcurrencyOptions { InitialLimit = 1, MinLimit = 1, MaxLimit = 1 },
            out var factory);
        using var client = factory.CreateClient("users");
        var ct = TestContext.Current.CancellationToken;

        var delayArmed = _time.WhenTimerCreated(HedgingDelay);
        var call = client.GetAsync("items", ct);
        await _server.WaitForRequestsAsync(1);
        await delayArmed;
        _time.Advance(HedgingDelay);

        // The hedge is over the authority's limit of one: rejected at once, it is a handled failure, and hedging has
        // no attempt left, so the call waits for the primary.
        _server.SetDefault(Fault.Ok);
        _server.ReleaseHeld();
        (await call).StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(1, "the hedged attempt was rejected by the limit before it was sent");
    }

    private static void WithThrottling(StandardHttpResilienceOptions o)
    {
        o.Retry.MaxAttempts = 1;

        // The breaker stays out of the way: what is measured is the throttle alone.
        o.CircuitBreaker.ShouldHandle = static _ => false;
        o.ClientThrottling = new ClientThrottlingOptions { Window = TimeSpan.FromSeconds(10), Randomizer = new Random(7).NextDouble };
    }

    /// <summary>Sends <see cref="OverloadCalls"/> calls spread over one throttling window of virtual time.</summary>
    private async Task<(int Sent, int Throttled)> SendOverOneWindowAsync(HttpClient client, FaultServer server, CancellationToken cancellationToken)
    {
        var before = server.RequestCount;
        var throttled = 0;
        for (var i = 0; i < OverloadCalls; i++)
        {
            try
            {
                (await client.GetAsync(new Uri(server.BaseAddress, "items"), cancellationToken)).Dispose();
            }
            catch (ClientThrottledException e)
            {
                e.ThrottleName.Should().StartWith("users");
                throttled++;
            }

            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        return (server.RequestCount - before, throttled);
    }
}

using Resilience.CircuitBreaking;
using Resilience.Redis.Tests.Infrastructure;

namespace Resilience.Redis.Tests;

/// <summary>Five real breakers, five Redis connections, one real Redis, one fake downstream that counts requests.</summary>
public sealed class RedisCircuitSharingFleetTests : IAsyncLifetime
{
    private static readonly CircuitBreakerOptions Options = new()
    {
        TripPolicy = CircuitBreakerTripPolicy.FailureRatio,
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(10),
        HalfOpenMaxCalls = 2,
        SuccessThreshold = 2,
    };

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeDownstream _downstream = new();
    private readonly List<FleetInstance> _fleet = [];
    private RedisServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        var prefix = "fleet-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            _fleet.Add(await FleetInstance.StartAsync(_server, prefix, "svc-" + i, Options, _time));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _fleet)
        {
            await instance.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ThreeOfFiveSeeDownstreamFail_AllFiveOpenNoCallsWhileOpenOnlyConfiguredProbesHalfOpen()
    {
        // Three instances with traffic see the downstream fail; each trips locally after 10 calls.
        _downstream.Failing = true;
        for (var i = 0; i < 3; i++)
        {
            (await _fleet[i].CallManyAsync(_downstream, 10)).Should().OnlyContain(r => r == CallResult.Failed);
        }

        await TickAllAsync();
        (await Task.WhenAll(_fleet.Select(f => f.EventuallyAsync(() => f.IsHeld)))).Should().OnlyContain(held => held);
        _fleet.Should().OnlyContain(f => f.Breaker.State == CircuitState.Open && f.Circuit.Status == SharedCircuitStatus.Open);

        // Open: the fleet sends nothing, including the two instances that never saw a failure.
        var beforeOpen = _downstream.Requests;
        foreach (var f in _fleet)
        {
            (await f.CallManyAsync(_downstream, 20)).Should().OnlyContain(r => r == CallResult.Rejected);
        }

        _downstream.Requests.Should().Be(beforeOpen);
        await TickAllAsync(); // reports the rejected calls above, so they do not count as callers waiting later

        // Half-open: the downstream has recovered; every instance has callers waiting, the fleet may send 2 probes.
        _downstream.Failing = false;
        _time.Advance(Options.BreakDuration);
        foreach (var f in _fleet)
        {
            await f.CallManyAsync(_downstream, 3);
        }

        await TickAllAsync();

        // Rounds ran in order, so instances 0 and 1 hold the two leases. The others still reject everything;
        // a lease holder sends exactly one probe, and the circuit closes only after the second success.
        foreach (var f in _fleet.Skip(2))
        {
            (await f.CallManyAsync(_downstream, 5)).Should().OnlyContain(r => r == CallResult.Rejected);
        }

        (await _fleet[0].CallManyAsync(_downstream, 4)).Should().Equal(CallResult.Ok, CallResult.Rejected, CallResult.Rejected, CallResult.Rejected);
        _downstream.Requests.Should().Be(beforeOpen + 1);
        (await _fleet[1].CallAsync(_downstream)).Should().Be(CallResult.Ok);
        _downstream.Requests.Should().Be(beforeOpen + Options.HalfOpenMaxCalls);

        // Two successful probes close the shared circuit: every instance learns it and lets calls through again.
        (await Task.WhenAll(_fleet.Select(f => f.EventuallyAsync(() => f.Breaker.State == CircuitState.Closed && f.Circuit.Status == SharedCircuitStatus.Closed))))
            .Should().OnlyContain(closed => closed);
        foreach (var f in _fleet)
        {
            (await f.CallAsync(_downstream)).Should().Be(CallResult.Ok);
        }
    }

    [Fact]
    public async Task OneInstanceAloneFailing_OpensOnlyItsOwnLocalBreaker()
    {
        // Instance 0's own network is broken: every call it makes fails. The others reach a healthy downstream.
        var broken = new FakeDownstream { Failing = true };
        for (var round = 0; round < 3; round++)
        {
            await _fleet[0].CallManyAsync(broken, 10);
            foreach (var f in _fleet.Skip(1))
            {
                (await f.CallManyAsync(_downstream, 10)).Should().OnlyContain(r => r == CallResult.Ok);
            }

            await TickAllAsync();
        }

        _fleet[0].Breaker.State.Should().Be(CircuitState.Open);
        _fleet[0].IsHeld.Should().BeFalse("it opened by its own decision");
        _fleet.Should().OnlyContain(f => f.Circuit.Status == SharedCircuitStatus.Closed);
        _fleet.Skip(1).Should().OnlyContain(f => f.Breaker.State == CircuitState.Closed && !f.IsHeld);
    }

    [Fact]
    public async Task RedisStoppedMidRun_NoCallFailsBecauseOfRedisEachInstanceProtectsItselfAndTheyConvergeWhenBack()
    {
        _downstream.Failing = true;
        for (var i = 0; i < 3; i++)
        {
            await _fleet[i].CallManyAsync(_downstream, 10);
        }

        await TickAllAsync();
        (await Task.WhenAll(_fleet.Select(f => f.EventuallyAsync(() => f.IsHeld)))).Should().OnlyContain(held => held);

        // Redis dies while the shared circuit is open.
        await _server.StopAsync();
        foreach (var f in _fleet)
        {
            (await f.Sharing.TickAsync()).Should().BeFalse();
        }

        _fleet.Should().OnlyContain(f => !f.Sharing.IsSharedStateAvailable && f.Circuit.Status == SharedCircuitStatus.LocalOnly && !f.IsHeld);

        // Every call ends with the downstream's answer or a local rejection, never a Redis error. The three
        // instances that had opened on their own evidence get that verdict back (their own break goes on, no
        // call); the two that never saw a failure trip on their own after their minimum throughput.
        var sent = new List<int>();
        foreach (var f in _fleet)
        {
            var before = _downstream.Requests;
            var results = await f.CallManyAsync(_downstream, 30);

            results.Should().OnlyContain(r => r == CallResult.Failed || r == CallResult.Rejected);
            sent.Add(_downstream.Requests - before);
            f.Breaker.State.Should().Be(CircuitState.Open);
        }

        sent.Should().Equal(0, 0, 0, Options.MinimumThroughput, Options.MinimumThroughput);

        // Redis is back (empty: no persistence). The instances rejoin and, all failing, agree again on one shared break.
        await _server.StartAgainAsync();
        await Task.WhenAll(_fleet.Select(f => f.ReconnectedAsync())).WaitAsync(TimeSpan.FromSeconds(60));
        for (var attempt = 0; attempt < 10 && !_fleet.TrueForAll(f => f.Sharing.IsSharedStateAvailable); attempt++)
        {
            // A round that raced the reconnection fails and restarts the Redis breaker's break: bounded retries.
            _time.Advance(TimeSpan.FromSeconds(2));
            await TickAllAsync();
        }

        await TickAllAsync();
        (await Task.WhenAll(_fleet.Select(f => f.EventuallyAsync(() => f.IsHeld)))).Should().OnlyContain(held => held);
        _fleet.Should().OnlyContain(f => f.Sharing.IsSharedStateAvailable);
        _fleet.Select(f => f.Breaker.GetSnapshot().BreakEndsAt).Distinct().Should().HaveCount(1, "they converged on one shared break");
    }

    private async Task TickAllAsync()
    {
        foreach (var f in _fleet)
        {
            await f.Sharing.TickAsync();
        }
    }
}

using Resilience.Redis.Tests.Infrastructure;
using Resilience.TestUtilities.Http;

namespace Resilience.Redis.Tests;

/// <summary>The first fleet scenario with the five instances as five separate processes, sharing only Redis and the downstream.</summary>
public sealed class RedisCircuitSharingProcessTests : IAsyncLifetime
{
    private readonly List<ChildInstance> _fleet = [];
    private RedisServer _redis = null!;
    private FaultServer _downstream = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _downstream = await FaultServer.StartAsync();
        var prefix = "proc-" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var children = Enumerable.Range(0, 5).Select(i => ChildInstance.StartAsync(_redis.Endpoint, prefix, "proc-" + i, _downstream.BaseAddress, start));
        _fleet.AddRange(await Task.WhenAll(children));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in _fleet)
        {
            await child.DisposeAsync();
        }

        await _downstream.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ThreeOfFiveProcessesSeeDownstreamFail_AllFiveOpenNoCallsWhileOpenOnlyConfiguredProbesHalfOpen()
    {
        _downstream.SetDefault(Fault.Status(500));
        for (var i = 0; i < 3; i++)
        {
            (await _fleet[i].SendAsync("call 10")).Should().Be("ok=0 failed=10 rejected=0");
        }

        await SendAllAsync("tick");
        (await SendAllAsync("await Open Open")).Should().OnlyContain(s => s == "Open Open");

        var beforeOpen = _downstream.RequestCount;
        (await SendAllAsync("call 20")).Should().OnlyContain(s => s == "ok=0 failed=0 rejected=20");
        _downstream.RequestCount.Should().Be(beforeOpen);
        await SendAllAsync("tick"); // reports the rejected calls above, so they do not count as callers waiting later

        // The break ends on every instance's clock; callers wait everywhere; the fleet gets two probe leases.
        _downstream.SetDefault(Fault.Ok);
        await SendAllAsync("advance 10000");
        await SendAllAsync("call 3");
        await SendAllAsync("tick");

        // Rounds ran in order, so processes 0 and 1 hold the two leases. The others still reject everything;
        // a lease holder sends exactly one probe, and the circuit closes only after the second success.
        foreach (var child in _fleet.Skip(2))
        {
            (await child.SendAsync("call 5")).Should().Be("ok=0 failed=0 rejected=5");
        }

        (await _fleet[0].SendAsync("call 4")).Should().Be("ok=1 failed=0 rejected=3");
        _downstream.RequestCount.Should().Be(beforeOpen + 1);
        (await _fleet[1].SendAsync("call 1")).Should().Be("ok=1 failed=0 rejected=0");
        _downstream.RequestCount.Should().Be(beforeOpen + 2);

        (await SendAllAsync("await Closed Closed")).Should().OnlyContain(s => s == "Closed Closed");
        (await SendAllAsync("call 1")).Should().OnlyContain(s => s == "ok=1 failed=0 rejected=0");
    }

    private async Task<List<string>> SendAllAsync(string command)
    {
        var answers = new List<string>();
        foreach (var child in _fleet)
        {
            answers.Add(await child.SendAsync(command));
        }

        return answers;
    }
}

using System.Globalization;
using Resilience.Redis.Internal;
using Resilience.Redis.Tests.Infrastructure;
using Resilience.TestUtilities.Http;

namespace Resilience.Redis.Tests;

/// <summary>
/// The fleets of issue 14 as separate processes sharing only Redis and the downstream: a bad node, a node with other
/// options, a crash-looping node. Rounds and virtual time are driven by commands, so each case is deterministic.
/// </summary>
public sealed class RedisFleetProcessTests : IAsyncLifetime
{
    private const int Cycles = 5;
    private const string Ok20 = "ok=20 failed=0 rejected=0";
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-27T12:00:00Z", CultureInfo.InvariantCulture);
    private readonly List<ChildInstance> _children = [];
    private readonly string _prefix = "pf-" + Guid.NewGuid().ToString("N")[..8];
    private RedisServer _redis = null!;
    private FaultServer _downstream = null!;
    private FaultServer _broken = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _downstream = await FaultServer.StartAsync();

        // A bad node's own network is broken: everything it calls fails.
        _broken = await FaultServer.StartAsync();
        _broken.SetDefault(Fault.Status(500));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in _children)
        {
            await child.DisposeAsync();
        }

        await _broken.DisposeAsync();
        await _downstream.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ThreeHealthyOneBadNode_NoRejectionOnHealthyNodesAndTheBadNodeProtectsItself()
    {
        var healthy = await StartHealthyAsync(3);
        var bad = await StartAsync("bad", _broken.BaseAddress);
        var answers = new List<string>();
        var badAnswers = new List<string>();

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            badAnswers.Add(await bad.SendAsync("call 20"));
            foreach (var h in healthy)
            {
                answers.Add(await h.SendAsync("call 20"));
            }

            await TickAsync([bad, .. healthy]);
        }

        answers.Should().HaveCount(Cycles * 3).And.OnlyContain(a => a == Ok20);
        badAnswers[0].Should().Be("ok=0 failed=10 rejected=10", "its own breaker opens after its minimum throughput");
        (await bad.SendAsync("state")).Should().Be("Open Closed", "open by its own decision; the shared circuit stays closed");
        (await SharedOpenAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task OptionSkew_OneNodeWithStricterThresholds_NoRejectionOnHealthyNodesAndTheOddNodeIsDegraded()
    {
        // 8 % background failures everywhere (one request in twelve): below 0.5, above the odd node's 0.05.
        _downstream.SetPattern(static n => n % 12 == 0 ? Fault.Status(500) : Fault.Ok);
        var healthy = await StartHealthyAsync(3);
        var odd = await StartAsync("odd", _downstream.BaseAddress, failureRatio: 0.05, minimumThroughput: 5);
        var rejected = 0;
        var calls = 0;

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            foreach (var h in healthy)
            {
                var (ok, failed, r) = Parse(await h.SendAsync("call 25"));
                calls += ok + failed + r;
                rejected += r;
            }

            await odd.SendAsync("call 25");

            // The odd node reports last: before, its thresholds judged every instance's window.
            await TickAsync([.. healthy, odd]);
        }

        calls.Should().Be(Cycles * 3 * 25);
        rejected.Should().Be(0);
        (await SharedOpenAsync()).Should().BeFalse();
        (await odd.SendAsync("health")).Should().Be("Degraded mismatched=payments duplicate=False");
        foreach (var h in healthy)
        {
            (await h.SendAsync("health")).Should().Be("Healthy mismatched= duplicate=False");
        }
    }

    [Fact]
    public async Task CrashLoopingNode_RestartingEvery1500Ms_CountsAsOneVoterAndNoRejectionOnHealthyNodes()
    {
        var healthy = await StartHealthyAsync(2);
        var answers = new List<string>();
        var badIds = new List<string>();
        var badAnswers = new List<string>();
        var now = Start;

        for (var restart = 0; restart < 6; restart++)
        {
            // A new process each time, with the default (host) identity, and no chance to withdraw its report.
            var bad = await StartAsync("default", _broken.BaseAddress, start: now);
            badIds.Add(bad.InstanceId);
            badAnswers.Add(await bad.SendAsync("call 20"));
            foreach (var h in healthy)
            {
                answers.Add(await h.SendAsync("call 20"));
            }

            await TickAsync([bad, .. healthy]);
            await bad.KillAsync();

            now += TimeSpan.FromMilliseconds(1500);
            foreach (var h in healthy)
            {
                (await h.SendAsync("advance 1500")).Should().Be("advanced");
            }
        }

        answers.Should().HaveCount(12).And.OnlyContain(a => a == Ok20);
        badAnswers.Should().OnlyContain(a => a == "ok=0 failed=10 rejected=10", "each new process trips on its own evidence, never held by the fleet");
        badIds.Distinct().Should().ContainSingle("the default identity survives restarts");
        (await ReportIdsAsync()).Should().BeEquivalentTo("healthy-0", "healthy-1", badIds[0]);
        (await SharedOpenAsync()).Should().BeFalse();
        foreach (var h in healthy)
        {
            (await h.SendAsync("health")).Should().Be("Healthy mismatched= duplicate=False");
        }
    }

    private static (int Ok, int Failed, int Rejected) Parse(string answer)
    {
        var values = answer.Split(' ').Select(p => int.Parse(p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)).ToArray();
        return (values[0], values[1], values[2]);
    }

    private static async Task TickAsync(IEnumerable<ChildInstance> children)
    {
        foreach (var child in children)
        {
            (await child.SendAsync("tick")).Should().Be("tick ok");
        }
    }

    private async Task<List<ChildInstance>> StartHealthyAsync(int count)
    {
        var healthy = new List<ChildInstance>();
        for (var i = 0; i < count; i++)
        {
            healthy.Add(await StartAsync("healthy-" + i.ToString(CultureInfo.InvariantCulture), _downstream.BaseAddress));
        }

        return healthy;
    }

    private async Task<ChildInstance> StartAsync(string id, Uri downstream, double failureRatio = 0.5, int minimumThroughput = 10, DateTimeOffset? start = null)
    {
        var child = await ChildInstance.StartAsync(_redis.Endpoint, _prefix, id, downstream, start ?? Start, failureRatio, minimumThroughput);
        _children.Add(child);
        return child;
    }

    private async Task<bool> SharedOpenAsync()
    {
        await using var connection = await _redis.ConnectAsync();
        return await connection.GetDatabase().HashGetAsync(new RedisKeys(_prefix, "payments").State, "open") == 1;
    }

    private async Task<string[]> ReportIdsAsync()
    {
        await using var connection = await _redis.ConnectAsync();
        var fields = await connection.GetDatabase().HashKeysAsync(new RedisKeys(_prefix, "payments").Reports);
        return [.. fields.Select(f => f.ToString())];
    }
}

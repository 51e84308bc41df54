using Resilience.Redis.Internal;
using Resilience.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Resilience.Redis.Tests.Internal;

public sealed class SharedCircuitProtocolTests : IClassFixture<RedisFixture>
{
    private const long Now = 1_800_000_000_000;
    private static readonly SharedCircuitPolicy Policy = new(0.5, 10, TimeSpan.FromSeconds(30), 3, 2);
    private readonly RedisFixture _redis;
    private readonly RedisCircuitSharingOptions _options;
    private readonly RedisKeys _keys;

    public SharedCircuitProtocolTests(RedisFixture redis)
    {
        _redis = redis;
        // A loaded CI machine can take far longer than the production default for a burst of scripts.
        _options = new RedisCircuitSharingOptions { KeyPrefix = redis.NewPrefix(), RedisTimeout = TimeSpan.FromSeconds(30) };
        _keys = new RedisKeys(_options.KeyPrefix, "orders");
    }

    [Fact]
    public async Task Report_ThreeOfFiveInstancesFailing_OpensSharedCircuit()
    {
        await ReportAsync("a", 20, 0);
        await ReportAsync("b", 20, 0);
        await ReportAsync("c", 20, 15);
        await ReportAsync("d", 20, 15);
        var before = await ReadAsync();

        var state = await ReportAsync("e", 20, 15);

        before.IsOpen.Should().BeFalse("two failing of four is no majority");
        state.IsOpen.Should().BeTrue();
        state.BreakEndMs.Should().Be(Now + 30_000);
        state.Round.Should().Be(1);
    }

    [Fact]
    public async Task Report_OneInstanceAllFailingWhileOthersSucceed_StaysClosed()
    {
        // The bad node sends far more calls than the rest: its failures alone dominate the summed ratio.
        var state = await ReportAsync("bad", 1000, 1000, localOpen: true);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            state = await ReportAsync(id, 20, 0);
        }

        state = await ReportAsync("bad", 1000, 1000, localOpen: true);

        state.IsOpen.Should().BeFalse();
    }

    [Fact]
    public async Task Report_OnlyOneInstanceReporting_NeverOpens()
    {
        var state = await ReportAsync("alone", 500, 500, localOpen: true);

        state.IsOpen.Should().BeFalse();
    }

    [Fact]
    public async Task Report_LowTrafficInstancesFailingTogether_OpensBySummedRatio()
    {
        // Each instance is below the minimum throughput (10) and no local breaker is open, but together
        // (even without the worst instance) they have 12 calls, all failed.
        await ReportAsync("a", 4, 4);
        await ReportAsync("b", 4, 4);
        await ReportAsync("c", 4, 4);
        await ReportAsync("d", 0, 0);
        var state = await ReportAsync("e", 4, 4);

        state.IsOpen.Should().BeTrue();
    }

    [Fact]
    public async Task Report_TwoOfFiveFailing_StaysClosed()
    {
        await ReportAsync("a", 20, 0);
        await ReportAsync("b", 20, 0);
        await ReportAsync("c", 20, 0);
        await ReportAsync("d", 20, 20);
        var state = await ReportAsync("e", 20, 20);

        state.IsOpen.Should().BeFalse("two failing of five is no majority and the summed ratio is 40/100");
    }

    [Fact]
    public async Task Report_DeadInstanceReport_StopsCountingAfterTimeToLive()
    {
        var ttl = (long)_options.ReportTimeToLive.TotalMilliseconds;
        await ReportAsync("dead", 20, 20, localOpen: true, nowMs: Now);

        // The dead instance's report is too old to agree with a failing instance that reports later.
        var state = await ReportAsync("alive", 20, 20, localOpen: true, nowMs: Now + ttl + 1);

        state.IsOpen.Should().BeFalse();
        var fields = await _redis.Connection.GetDatabase().HashKeysAsync(_keys.Reports);
        fields.Select(f => f.ToString()).Should().Equal("alive");
        (await _redis.Connection.GetDatabase().KeyTimeToLiveAsync(_keys.Reports)).Should().NotBeNull()
            .And.Subject.Should().BeLessThanOrEqualTo(_options.ReportTimeToLive);
    }

    [Fact]
    public async Task Report_FreshReportsFromTwoInstances_Open()
    {
        var ttl = (long)_options.ReportTimeToLive.TotalMilliseconds;
        await ReportAsync("first", 20, 20, localOpen: true, nowMs: Now);

        var state = await ReportAsync("second", 20, 20, localOpen: true, nowMs: Now + ttl - 1);

        state.IsOpen.Should().BeTrue();
    }

    [Fact]
    public async Task Report_MoreInstancesThanMaxInstances_KeepsKeyBounded()
    {
        var options = new RedisCircuitSharingOptions { KeyPrefix = _options.KeyPrefix, MaxInstances = 3, RedisTimeout = TimeSpan.FromSeconds(30) };
        var protocol = new SharedCircuitProtocol(_redis.Connection.GetDatabase(), options, "x", TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            var other = new SharedCircuitProtocol(_redis.Connection.GetDatabase(), options, "i" + i, TimeProvider.System);
            await other.ReportAsync(_keys, "orders", Policy, new LocalHealth(5, 0, false, 0), -1, Now);
        }

        await protocol.ReportAsync(_keys, "orders", Policy, new LocalHealth(5, 0, false, 0), -1, Now);

        (await _redis.Connection.GetDatabase().HashLengthAsync(_keys.Reports)).Should().Be(3);
    }

    [Fact]
    public async Task AcquireProbe_ManyInstancesAtOnce_FleetGetsOnlyHalfOpenMaxCalls()
    {
        var opened = await OpenAsync();
        var afterBreak = opened.BreakEndMs;
        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _redis.Server.ConnectAsync()));
        try
        {
            var attempts = Enumerable.Range(0, 64).Select(i =>
                Protocol("p" + i, connections[i % connections.Length]).AcquireProbeAsync(_keys, Policy, opened.Round, afterBreak));

            var leases = await Task.WhenAll(attempts);

            leases.Count(l => l is not null).Should().Be(Policy.HalfOpenMaxCalls);
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AcquireProbe_BeforeBreakEnds_IsRefused()
    {
        var opened = await OpenAsync();

        var lease = await Protocol("p").AcquireProbeAsync(_keys, Policy, opened.Round, opened.BreakEndMs - 1);

        lease.Should().BeNull();
    }

    [Fact]
    public async Task AcquireProbe_LeaseExpired_SlotIsGrantedAgain()
    {
        var opened = await OpenAsync();
        var t = opened.BreakEndMs;
        for (var i = 0; i < Policy.HalfOpenMaxCalls; i++)
        {
            (await Protocol("p" + i).AcquireProbeAsync(_keys, Policy, opened.Round, t)).Should().NotBeNull();
        }

        var whileHeld = await Protocol("late").AcquireProbeAsync(_keys, Policy, opened.Round, t + 1);
        var afterExpiry = await Protocol("late").AcquireProbeAsync(_keys, Policy, opened.Round, t + (long)_options.ProbeLeaseDuration.TotalMilliseconds + 1);

        whileHeld.Should().BeNull();
        afterExpiry.Should().NotBeNull();
    }

    [Fact]
    public async Task ReportProbe_EnoughSuccesses_ClosesWithNewGenerationAndClearsReports()
    {
        var opened = await OpenAsync();
        var t = opened.BreakEndMs;
        var first = (await Protocol("p1").AcquireProbeAsync(_keys, Policy, opened.Round, t))!;
        var second = (await Protocol("p2").AcquireProbeAsync(_keys, Policy, opened.Round, t))!;

        var v1 = await Protocol("p1").ReportProbeAsync(_keys, "orders", Policy, first, opened.Round, true, t + 1);
        var v2 = await Protocol("p2").ReportProbeAsync(_keys, "orders", Policy, second, opened.Round, true, t + 2);

        v1.Should().Be(ProbeVerdict.Counted);
        v2.Should().Be(ProbeVerdict.Closed);
        var state = await ReadAsync();
        state.IsOpen.Should().BeFalse();
        state.Generation.Should().Be(opened.Generation + 1);
        (await _redis.Connection.GetDatabase().KeyExistsAsync(_keys.Reports)).Should().BeFalse();
    }

    [Fact]
    public async Task ReportProbe_Failure_ReopensForAnotherBreakAndRevokesOtherLeases()
    {
        var opened = await OpenAsync();
        var t = opened.BreakEndMs;
        var failing = (await Protocol("p1").AcquireProbeAsync(_keys, Policy, opened.Round, t))!;
        var other = (await Protocol("p2").AcquireProbeAsync(_keys, Policy, opened.Round, t))!;

        var verdict = await Protocol("p1").ReportProbeAsync(_keys, "orders", Policy, failing, opened.Round, false, t + 5);
        var late = await Protocol("p2").ReportProbeAsync(_keys, "orders", Policy, other, opened.Round, true, t + 6);

        verdict.Should().Be(ProbeVerdict.Reopened);
        late.Should().Be(ProbeVerdict.Ignored);
        var state = await ReadAsync();
        state.IsOpen.Should().BeTrue();
        state.Round.Should().Be(opened.Round + 1);
        state.BreakEndMs.Should().Be(t + 5 + 30_000);
    }

    [Fact]
    public async Task Report_FromEarlierGeneration_IsIgnored()
    {
        var opened = await OpenAsync();
        var t = opened.BreakEndMs;
        var lease = (await Protocol("p1").AcquireProbeAsync(_keys, Policy, opened.Round, t))!;
        var lease2 = (await Protocol("p2").AcquireProbeAsync(_keys, Policy, opened.Round, t))!;
        await Protocol("p1").ReportProbeAsync(_keys, "orders", Policy, lease, opened.Round, true, t);
        await Protocol("p2").ReportProbeAsync(_keys, "orders", Policy, lease2, opened.Round, true, t);

        // Two instances that have not learned of the close yet still report their old, failing windows.
        await Protocol("a").ReportAsync(_keys, "orders", Policy, new LocalHealth(20, 20, true, 0), opened.Generation, t + 1);
        var state = await Protocol("b").ReportAsync(_keys, "orders", Policy, new LocalHealth(20, 20, true, 0), opened.Generation, t + 2);

        state.IsOpen.Should().BeFalse();
        state.Generation.Should().Be(opened.Generation + 1);
    }

    [Fact]
    public async Task Report_ConcurrentReportsFromManyInstances_LoseNone()
    {
        // 64 instances on 8 connections report 20 times each, all at once. Every instance's last report must be
        // in the hash (a lost update would leave an older value or no field).
        const int Instances = 64;
        const int Rounds = 20;
        var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _redis.Server.ConnectAsync()));
        try
        {
            var workers = Enumerable.Range(0, Instances).Select(i => Task.Run(async () =>
            {
                var protocol = Protocol("i" + i, connections[i % connections.Length]);
                for (var r = 1; r <= Rounds; r++)
                {
                    await protocol.ReportAsync(_keys, "orders", Policy, new LocalHealth(r, 0, false, 0), -1, Now);
                }
            }));

            await Task.WhenAll(workers);

            var all = await _redis.Connection.GetDatabase().HashGetAllAsync(_keys.Reports);
            all.Should().HaveCount(Instances);
            all.Should().OnlyContain(e => e.Value.ToString().StartsWith($"{Rounds}:0:0:", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    private SharedCircuitProtocol Protocol(string instance, IConnectionMultiplexer? connection = null) =>
        new((connection ?? _redis.Connection).GetDatabase(), _options, instance, TimeProvider.System);

    private Task<SharedState> ReportAsync(string instance, long calls, long failures, bool localOpen = false, long nowMs = Now) =>
        Protocol(instance).ReportAsync(_keys, "orders", Policy, new LocalHealth(calls, failures, localOpen, 0), -1, nowMs);

    private Task<SharedState> ReadAsync() => Protocol("reader").ReadAsync(_keys);

    private async Task<SharedState> OpenAsync()
    {
        await ReportAsync("a", 20, 20, localOpen: true);
        var state = await ReportAsync("b", 20, 20, localOpen: true);
        state.IsOpen.Should().BeTrue();
        return state;
    }
}

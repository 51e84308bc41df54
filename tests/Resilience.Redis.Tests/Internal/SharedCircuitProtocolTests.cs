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
        var protocol = new SharedCircuitProtocol(_redis.Connection.GetDatabase(), options, "x", "nx", new BoundedCommands(options.RedisTimeout, TimeProvider.System));
        for (var i = 0; i < 10; i++)
        {
            var other = new SharedCircuitProtocol(_redis.Connection.GetDatabase(), options, "i" + i, "n" + i, new BoundedCommands(options.RedisTimeout, TimeProvider.System));
            await other.ReportAsync(_keys, "orders", Policy, new LocalHealth(5, 0, false, 0), -1, firstReport: true, Now);
        }

        await protocol.ReportAsync(_keys, "orders", Policy, new LocalHealth(5, 0, false, 0), -1, firstReport: true, Now);

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
        await Protocol("a").ReportAsync(_keys, "orders", Policy, new LocalHealth(20, 20, true, 0), opened.Generation, firstReport: true, t + 1);
        var state = await Protocol("b").ReportAsync(_keys, "orders", Policy, new LocalHealth(20, 20, true, 0), opened.Generation, firstReport: true, t + 2);

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
                    await protocol.ReportAsync(_keys, "orders", Policy, new LocalHealth(r, 0, false, 0), -1, firstReport: true, Now);
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

    [Fact]
    public async Task Report_OneInstanceWithStricterOptionsAndBackgroundFailures_JudgesEachByItsOwnThresholds()
    {
        // 8 % failures everywhere. Before, the strict instance (reporting last) judged every window by its 0.05 / 5.
        var strict = new SharedCircuitPolicy(0.05, 5, TimeSpan.FromSeconds(30), 3, 2);
        await ReportAsync("a", 25, 2);
        await ReportAsync("b", 25, 2);
        await ReportAsync("c", 25, 2);

        var state = await ReportAsync("strict", 25, 2, localOpen: true, policy: strict);

        state.IsOpen.Should().BeFalse("one failing opinion of four, and 8 % is below the fleet's 0.5");
        state.FleetFingerprint.Should().Be(Policy.Fingerprint);
    }

    [Fact]
    public async Task Report_MinorityWithOtherOptions_ItsEvidenceIsNotSummed()
    {
        // The fleet's three instances alone have too few calls to trip the summed rule (8 without the worst);
        // the two with other options would bring the sum to 16 failed of 16.
        var other = new SharedCircuitPolicy(0.5, 10, TimeSpan.FromSeconds(20), 3, 2);
        await ReportAsync("a", 4, 4);
        await ReportAsync("b", 4, 4);
        await ReportAsync("c", 0, 0);
        await ReportAsync("d", 4, 4, policy: other);

        var state = await ReportAsync("e", 4, 4, policy: other);

        state.IsOpen.Should().BeFalse();
        state.FleetFingerprint.Should().Be(Policy.Fingerprint);
    }

    [Fact]
    public async Task Report_TieBetweenTwoPolicies_FleetPolicyIsTheMoreLenient()
    {
        var strict = new SharedCircuitPolicy(0.05, 5, TimeSpan.FromSeconds(30), 3, 2);
        await ReportAsync("s1", 10, 0, policy: strict);
        await ReportAsync("a", 10, 0);
        await ReportAsync("s2", 10, 0, policy: strict);

        var state = await ReportAsync("b", 10, 0);

        state.FleetFingerprint.Should().Be(Policy.Fingerprint, "on a tie the policy that needs more calls decides");
    }

    [Fact]
    public async Task Report_TrippedByAnInstanceWithOtherOptions_OpensWithTheFleetPolicy()
    {
        var other = new SharedCircuitPolicy(0.5, 10, TimeSpan.FromDays(1), 50, 9);
        await ReportAsync("a", 20, 20, localOpen: true);
        await ReportAsync("b", 20, 20, localOpen: true);
        await ReportAsync("c", 20, 0);

        var state = await ReportAsync("odd", 20, 20, localOpen: true, policy: other);
        var stored = await _redis.Connection.GetDatabase().HashGetAsync(_keys.State, ["fp", "probes", "need", "brk"]);

        state.IsOpen.Should().BeTrue("three of four say failing");
        state.BreakEndMs.Should().Be(Now + 30_000, "the fleet's break, not the odd instance's day");
        stored.Select(v => v.ToString()).Should().Equal(Policy.Fingerprint, "3", "2", "30000");
    }

    [Fact]
    public async Task AcquireProbe_InstanceWithMoreProbes_FleetStillGetsTheFleetPolicysProbes()
    {
        var opened = await OpenAsync();
        var greedy = new SharedCircuitPolicy(0.5, 10, TimeSpan.FromSeconds(30), 50, 2);
        var granted = 0;
        for (var i = 0; i < 10; i++)
        {
            granted += await Protocol("p" + i).AcquireProbeAsync(_keys, greedy, opened.Round, opened.BreakEndMs) is null ? 0 : 1;
        }

        granted.Should().Be(Policy.HalfOpenMaxCalls);
    }

    [Fact]
    public async Task Report_HugeBreakDuration_BreakEndSaturatesAtTheLatestInstantAndProbeReopenToo()
    {
        var huge = Policy with { BreakDuration = TimeSpan.MaxValue };
        await ReportAsync("a", 20, 20, localOpen: true, policy: huge);
        var opened = await ReportAsync("b", 20, 20, localOpen: true, policy: huge);
        var until = await _redis.Connection.GetDatabase().HashGetAsync(_keys.State, "until");

        // After the latest instant (no clock gets there), a probe fails: the reopened break saturates as well.
        var lease = (await Protocol("p").AcquireProbeAsync(_keys, huge, opened.Round, UnixTime.MaxMilliseconds))!;
        var verdict = await Protocol("p").ReportProbeAsync(_keys, "orders", huge, lease, opened.Round, false, UnixTime.MaxMilliseconds);
        var reopened = await ReadAsync();

        opened.BreakEndMs.Should().Be(UnixTime.MaxMilliseconds);
        until.ToString().Should().Be(UnixTime.MaxMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        verdict.Should().Be(ProbeVerdict.Reopened);
        reopened.BreakEndMs.Should().Be(UnixTime.MaxMilliseconds);
        (await _redis.Connection.GetDatabase().KeyTimeToLiveAsync(_keys.State)).Should().NotBeNull();
    }

    [Fact]
    public async Task Report_SameIdAnotherNonceAfterOwnReport_IsADuplicateButAFirstReportTakesOver()
    {
        var first = Protocol("host", nonce: "n1");
        var second = Protocol("host", nonce: "n2");
        var health = new LocalHealth(10, 0, false, 0);

        var takeOver1 = await first.ReportAsync(_keys, "orders", Policy, health, -1, firstReport: true, Now);
        var takeOver2 = await second.ReportAsync(_keys, "orders", Policy, health, -1, firstReport: true, Now);
        var firstAgain = await first.ReportAsync(_keys, "orders", Policy, health, -1, firstReport: false, Now + 1);
        var firstOwn = await first.ReportAsync(_keys, "orders", Policy, health, -1, firstReport: false, Now + 2);

        takeOver1.Identity.Should().Be(ReportIdentity.Own);
        takeOver2.Identity.Should().Be(ReportIdentity.Own, "a restarted process takes over its dead predecessor's report");
        firstAgain.Identity.Should().Be(ReportIdentity.Duplicate, "someone else wrote under this id since this process last did");
        firstOwn.Identity.Should().Be(ReportIdentity.Own);
        (await _redis.Connection.GetDatabase().HashLengthAsync(_keys.Reports)).Should().Be(1, "one id, one voter");
    }

    [Fact]
    public async Task Withdraw_OwnReportGoesASuccessorsReportStays()
    {
        var old = Protocol("host", nonce: "old");
        var successor = Protocol("host", nonce: "new");
        var health = new LocalHealth(10, 0, false, 0);
        await old.ReportAsync(_keys, "orders", Policy, health, -1, firstReport: true, Now);
        await successor.ReportAsync(_keys, "orders", Policy, health, -1, firstReport: true, Now);

        var oldWithdrew = await old.WithdrawAsync(_keys);
        var fieldsAfterOld = await _redis.Connection.GetDatabase().HashLengthAsync(_keys.Reports);
        var successorWithdrew = await successor.WithdrawAsync(_keys);

        oldWithdrew.Should().BeFalse();
        fieldsAfterOld.Should().Be(1);
        successorWithdrew.Should().BeTrue();
        (await _redis.Connection.GetDatabase().HashLengthAsync(_keys.Reports)).Should().Be(0);
    }

    [Fact]
    public async Task Report_StoresNonceAndFingerprint()
    {
        await Protocol("a", nonce: "abc").ReportAsync(_keys, "orders", Policy, new LocalHealth(7, 3, true, 0), -1, firstReport: true, Now);

        var report = await _redis.Connection.GetDatabase().HashGetAsync(_keys.Reports, "a");

        report.ToString().Should().Be($"7:3:1:0:{Now}:abc:0.5/10/30000/3/2");
    }

    private SharedCircuitProtocol Protocol(string instance, IConnectionMultiplexer? connection = null, string? nonce = null) =>
        new((connection ?? _redis.Connection).GetDatabase(), _options, instance, nonce ?? "n-" + instance, new BoundedCommands(_options.RedisTimeout, TimeProvider.System));

    private Task<SharedState> ReportAsync(string instance, long calls, long failures, bool localOpen = false, long nowMs = Now, SharedCircuitPolicy? policy = null) =>
        Protocol(instance).ReportAsync(_keys, "orders", policy ?? Policy, new LocalHealth(calls, failures, localOpen, 0), -1, firstReport: true, nowMs);

    private Task<SharedState> ReadAsync() => Protocol("reader").ReadAsync(_keys);

    private async Task<SharedState> OpenAsync()
    {
        await ReportAsync("a", 20, 20, localOpen: true);
        var state = await ReportAsync("b", 20, 20, localOpen: true);
        state.IsOpen.Should().BeTrue();
        return state;
    }
}

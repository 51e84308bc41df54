using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Resilience.Redis.Internal;
using Resilience.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Resilience.Redis.Tests;

/// <summary>Who votes and by which thresholds: identity across restarts, withdrawal, duplicates and option skew, on a real Redis.</summary>
public sealed class RedisCircuitSharingVotingTests : SharingFleetTestBase
{
    private static readonly SharedCircuitPolicy Strict = new(0.05, 5, TimeSpan.FromSeconds(10), 2, 1);

    [Fact]
    public async Task InstanceId_Default_IsMachineAndApplicationAndSurvivesRestarts()
    {
        var first = await StartAsync(id: null);
        await first.DisposeAsync();
        var second = await StartAsync(id: null);

        var expected = InstanceIdentity.Sanitize(Environment.MachineName + "/" + Assembly.GetEntryAssembly()!.GetName().Name);
        first.Sharing.InstanceId.Should().Be(expected);
        second.Sharing.InstanceId.Should().Be(first.Sharing.InstanceId, "a restarted process is the same voter");
    }

    [Fact]
    public void InstanceIdentity_Sanitize_ReplacesWhatKeysCannotCarryAndBoundsTheLength()
    {
        InstanceIdentity.Sanitize("web 1{a}:b").Should().Be("web-1-a--b");
        InstanceIdentity.Sanitize(new string('x', 300)).Should().HaveLength(128);
    }

    [Fact]
    public async Task Tick_CrashLoopingInstance_EachRestartTakesOverTheSameVote()
    {
        // Two healthy instances and one that fails everything and restarts before its report can expire.
        var healthy = new[] { await StartAsync("a"), await StartAsync("b") };
        foreach (var h in healthy)
        {
            h.Local.Health = new LocalHealth(20, 0, false, 0);
        }

        // Each restart is a new process with the default identity (a new nonce): before, each got a new random id.
        for (var restart = 0; restart < 4; restart++)
        {
            var bad = await StartAsync(id: null);
            bad.Local.Health = new LocalHealth(20, 20, true, 0);
            foreach (var instance in healthy.Append(bad))
            {
                (await instance.Sharing.TickAsync()).Should().BeTrue();
            }

            await bad.CrashAsync();
            Time.Advance(TimeSpan.FromMilliseconds(1500));
        }

        await healthy[0].Sharing.TickAsync();
        var reports = await ReportIdsAsync();
        reports.Should().BeEquivalentTo("a", "b", Fleet[^1].Sharing.InstanceId);
        healthy.Should().OnlyContain(h => h.Circuit.Status == SharedCircuitStatus.Closed && h.Local.HoldCount == 0);
        Fleet.SelectMany(f => f.Logs.GetSnapshot()).Should().NotContain(r => r.Message.Contains("another live process", StringComparison.Ordinal), "a restart is not a duplicate");
    }

    [Fact]
    public async Task DisposeAsync_WithdrawsOnlyItsOwnReport()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        await a.Sharing.TickAsync();
        await b.Sharing.TickAsync();

        await a.DisposeAsync();

        (await ReportIdsAsync()).Should().Equal("b");
    }

    [Fact]
    public async Task SharedCircuitDispose_WithdrawsTheReportAtTheNextRound()
    {
        var a = await StartAsync("a");
        await a.Sharing.TickAsync();
        var extra = new FakeLocalCircuit("inventory", Policy);
        var attached = a.Sharing.Attach(extra);
        await a.Sharing.TickAsync();
        var before = await ReportIdsAsync("inventory");

        attached.Dispose();
        await a.Sharing.TickAsync();

        before.Should().Equal("a");
        (await ReportIdsAsync("inventory")).Should().BeEmpty();
        (await ReportIdsAsync()).Should().Equal("a");
    }

    [Fact]
    public async Task Tick_TwoLiveProcessesWithOneId_DetectedLoggedOnceEachOneVoterAndDegraded()
    {
        var first = await StartAsync("same");
        var second = await StartAsync("same");
        var other = await StartAsync("other");

        for (var round = 0; round < 4; round++)
        {
            await first.Sharing.TickAsync();
            await second.Sharing.TickAsync();
            await other.Sharing.TickAsync();
        }

        var health = await CheckHealthAsync(first);

        (await ReportIdsAsync()).Should().BeEquivalentTo("same", "other");
        first.LogCount(LogLevel.Warning).Should().Be(1);
        second.LogCount(LogLevel.Warning).Should().Be(1);
        first.Logs.GetSnapshot().Single(r => r.Level == LogLevel.Warning).Message.Should().Contain("another live process reports under instance id same");
        health.Status.Should().Be(HealthStatus.Degraded);
        health.Data.Should().Contain("duplicate_instance_id", true);
        (await CheckHealthAsync(other)).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Tick_DuplicateStops_DuplicateClearsAndHealthyAgain()
    {
        var first = await StartAsync("same");
        var second = await StartAsync("same");
        for (var round = 0; round < 3; round++)
        {
            await first.Sharing.TickAsync();
            await second.Sharing.TickAsync();
        }

        await first.Sharing.TickAsync();
        var during = await CheckHealthAsync(first);

        // The duplicate stops; once no duplicate has been seen for a report time to live, the flag clears.
        await second.DisposeAsync();
        Time.Advance(TimeSpan.FromSeconds(5));
        await first.Sharing.TickAsync();

        during.Status.Should().Be(HealthStatus.Degraded);
        (await CheckHealthAsync(first)).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Tick_InstanceWithStricterOptions_JudgedByItsOwnThresholdsFlaggedLoggedOnceAndDegraded()
    {
        // 8 % failures everywhere: below 0.5, above the odd instance's 0.05.
        var fleet = new List<SharingInstance> { await StartAsync("a"), await StartAsync("b"), await StartAsync("c") };
        var odd = await StartAsync("odd", Strict);
        fleet.ForEach(f => f.Local.Health = new LocalHealth(25, 2, false, 0));
        odd.Local.Health = new LocalHealth(25, 2, true, 0);

        for (var round = 0; round < 3; round++)
        {
            foreach (var instance in fleet.Append(odd))
            {
                (await instance.Sharing.TickAsync()).Should().BeTrue();
            }
        }

        var oddHealth = await CheckHealthAsync(odd);

        fleet.Append(odd).Should().OnlyContain(f => f.Circuit.Status == SharedCircuitStatus.Closed && f.Local.HoldCount == 0);
        odd.Circuit.HasMismatchedOptions.Should().BeTrue();
        odd.LogCount(LogLevel.Warning).Should().Be(1);
        odd.Logs.GetSnapshot().Single(r => r.Level == LogLevel.Warning).Message.Should().Contain("options 0.05/5/10000/2/1").And.Contain("the fleet with 0.5/10/10000/2/1");
        oddHealth.Status.Should().Be(HealthStatus.Degraded);
        oddHealth.Data["mismatched_options"].Should().BeEquivalentTo(new[] { "orders" });
        fleet.Should().OnlyContain(f => !f.Circuit.HasMismatchedOptions && f.LogCount(LogLevel.Warning) == 0);
        (await CheckHealthAsync(fleet[0])).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Tick_MinorityWithHugeBreakTrips_FleetOpensWithTheFleetPolicyBreak()
    {
        var fleet = new List<SharingInstance> { await StartAsync("a"), await StartAsync("b"), await StartAsync("c") };
        var odd = await StartAsync("odd", Policy with { BreakDuration = TimeSpan.FromDays(1) });
        fleet[0].Local.Health = new LocalHealth(20, 20, true, 0);
        fleet[1].Local.Health = new LocalHealth(20, 20, true, 0);
        fleet[2].Local.Health = new LocalHealth(20, 0, false, 0);
        odd.Local.Health = new LocalHealth(20, 20, true, 0);

        foreach (var instance in fleet.Append(odd))
        {
            await instance.Sharing.TickAsync();
        }

        odd.Circuit.Status.Should().Be(SharedCircuitStatus.Open, "three of four instances see the downstream fail");
        odd.Local.HeldUntil.Should().Be(Time.GetUtcNow() + Policy.BreakDuration, "the odd instance's day-long break is not the fleet's");
    }

    [Fact]
    public async Task Tick_HugeBreakDuration_HoldsUntilTheLatestInstantWithoutErrorsAndDisposes()
    {
        var huge = Policy with { BreakDuration = TimeSpan.MaxValue };
        await StartAsync("a", huge);
        await StartAsync("b", huge);
        Fleet.ForEach(f => f.Local.Health = new LocalHealth(20, 20, true, 0));

        foreach (var f in Fleet)
        {
            (await f.Sharing.TickAsync()).Should().BeTrue();
        }

        foreach (var f in Fleet)
        {
            (await f.Sharing.TickAsync()).Should().BeTrue();
        }

        var state = await Fleet[0].Connection.GetDatabase().HashGetAsync(new RedisKeys(Prefix, "orders").State, "until");
        Fleet.Should().OnlyContain(f => f.Local.HeldUntil == DateTimeOffset.MaxValue && f.Circuit.Status == SharedCircuitStatus.Open);
        state.ToString().Should().Be(UnixTime.MaxMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "saturated and stored as an exact integer");
        Fleet.Should().OnlyContain(f => f.LogCount(LogLevel.Error) == 0 && f.LogCount(LogLevel.Warning) == 0);
        foreach (var f in Fleet)
        {
            await f.Invoking(i => i.DisposeAsync().AsTask()).Should().NotThrowAsync();
        }
    }

    [Fact]
    public async Task Tick_BreakerRoundFailsUnexpectedly_LogsOnceDecidesLocallyOthersKeepSharingAndItRecovers()
    {
        var a = await StartAsync("a");
        var extra = new FakeLocalCircuit("inventory", Policy);
        var extraCircuit = a.Sharing.Attach(extra);
        await a.Sharing.TickAsync();
        a.Local.SampleFailure = new InvalidOperationException("adapter bug");

        var results = new List<bool>();
        for (var round = 0; round < 3; round++)
        {
            results.Add(await a.Sharing.TickAsync());
        }

        var during = (a.Circuit.Status, extraCircuit.Status, Errors: a.LogCount(LogLevel.Error));
        a.Local.SampleFailure = null;
        await a.Sharing.TickAsync();

        results.Should().OnlyContain(r => r, "Redis answered the rounds");
        during.Should().Be((SharedCircuitStatus.LocalOnly, SharedCircuitStatus.Closed, 1));
        a.Logs.GetSnapshot().Single(r => r.Level == LogLevel.Error).Exception.Should().BeOfType<InvalidOperationException>();
        a.Circuit.Status.Should().Be(SharedCircuitStatus.Closed);
        a.Sharing.IsSharedStateAvailable.Should().BeTrue();
    }

    [Fact]
    public async Task DisposeAsync_RedisGone_NeverThrows()
    {
        var a = await StartAsync("a");
        await a.Sharing.TickAsync();
        await Server.StopAsync();
        await a.Sharing.TickAsync();

        await a.Invoking(i => i.DisposeAsync().AsTask()).Should().NotThrowAsync();
    }

    private async Task<string[]> ReportIdsAsync(string name = "orders")
    {
        await using var connection = await Server.ConnectAsync();
        var fields = await connection.GetDatabase().HashKeysAsync(new RedisKeys(Prefix, name).Reports);
        return [.. fields.Select(f => f.ToString()).Order(StringComparer.Ordinal)];
    }

    private static Task<HealthCheckResult> CheckHealthAsync(SharingInstance instance)
    {
        var check = new RedisCircuitSharingHealthCheck(instance.Sharing);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("sharing", check, HealthStatus.Unhealthy, null) });
    }
}

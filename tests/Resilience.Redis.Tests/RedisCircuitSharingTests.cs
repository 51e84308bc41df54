using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Resilience.Redis.Internal;
using Resilience.Redis.Tests.Infrastructure;
using Resilience.TestUtilities;
using StackExchange.Redis;

namespace Resilience.Redis.Tests;

public sealed class RedisCircuitSharingTests : SharingFleetTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly LocalHealth Failing = new(20, 20, true, 0);
    private static readonly LocalHealth Healthy = new(20, 0, false, 0);
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new RedisCircuitSharingOptions();

        options.KeyPrefix.Should().Be("resilience");
        options.InstanceId.Should().BeNull();
        options.ReportInterval.Should().Be(TimeSpan.FromMilliseconds(500));
        options.ReportTimeToLive.Should().Be(TimeSpan.FromSeconds(5));
        options.RedisTimeout.Should().Be(TimeSpan.FromMilliseconds(500));
        options.RedisRetryInterval.Should().Be(TimeSpan.FromSeconds(2));
        options.MinimumAgreeingInstances.Should().Be(2);
        options.ProbeLeaseDuration.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxInstances.Should().Be(256);
        options.MaxBreakers.Should().Be(1024);
    }

    [Fact]
    public async Task Meter_ReportsThePackageVersionAndAUnitOnEveryInstrument()
    {
        await StartFleetAsync(1);
        var meter = Fleet[0].Sharing.Meter;
        var units = new Dictionary<string, string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                units[instrument.Name] = instrument.Unit;
            }
        };
        listener.Start();

        meter.Version.Should().Be(PackageVersion.Of(typeof(RedisCircuitSharing).Assembly), "the meter's version is the package version");
        units.Should().HaveCount(3).And.OnlyContain(u => !string.IsNullOrEmpty(u.Value), "every instrument has a unit");
    }

    [Fact]
    public async Task Ctor_InvalidOptions_NamesEveryBadOptionAndValue()
    {
        await using var connection = await Server.ConnectAsync();
        var options = new RedisCircuitSharingOptions
        {
            KeyPrefix = "a{b}",
            ReportInterval = TimeSpan.Zero,
            MinimumAgreeingInstances = 1,
            MaxInstances = 0,
        };

        var act = () => new RedisCircuitSharing(connection, options, Time);

        act.Should().Throw<ArgumentException>().WithParameterName("options").Which.Message.Should()
            .Contain("KeyPrefix must not contain braces, spaces or control characters; it was 'a{b}'.")
            .And.Contain("ReportInterval must be between 00:00:00.0100000 and 00:01:00; it was 00:00:00.")
            .And.Contain("MinimumAgreeingInstances must be between 2 and 100000; it was 1.")
            .And.Contain("MaxInstances must be between 2 and 100000; it was 0.");
    }

    [Fact]
    public async Task Attach_NameWithBraces_Throws()
    {
        var instance = await StartAsync("a");

        var act = () => instance.Sharing.Attach(new FakeLocalCircuit("x}y", Policy));

        act.Should().Throw<ArgumentException>().WithMessage("*Name must not contain braces*");
    }

    [Fact]
    public async Task Tick_ThreeOfFiveInstancesFailing_AllFiveHeldOpenUntilSharedBreakEnd()
    {
        await StartFleetAsync(5);
        Fleet[0].Local.Health = Failing;
        Fleet[1].Local.Health = Failing;
        Fleet[2].Local.Health = Failing;
        Fleet[3].Local.Health = Healthy;
        Fleet[4].Local.Health = Healthy;

        // Healthy instances report first; the third failing report reaches the quorum.
        foreach (var i in new[] { 3, 4, 0, 1, 2 })
        {
            (await Fleet[i].Sharing.TickAsync()).Should().BeTrue();
        }

        // The instances that reported before the decision learn it through pub/sub, without another timer tick.
        await Task.WhenAll(Fleet.Select(f => f.Local.Held)).WaitAsync(Wait);
        var breakEnd = Time.GetUtcNow() + Policy.BreakDuration;
        Fleet.Should().OnlyContain(f => f.Local.HeldUntil == breakEnd && f.Circuit.Status == SharedCircuitStatus.Open);
    }

    [Fact]
    public async Task Tick_OneInstanceAloneFailing_OpensNoOtherInstance()
    {
        await StartFleetAsync(5);
        Fleet.ForEach(f => f.Local.Health = Healthy);
        Fleet[0].Local.Health = new LocalHealth(1000, 1000, true, 0);

        for (var round = 0; round < 3; round++)
        {
            foreach (var f in Fleet)
            {
                (await f.Sharing.TickAsync()).Should().BeTrue();
            }
        }

        Fleet.Should().OnlyContain(f => f.Local.HoldCount == 0 && f.Circuit.Status == SharedCircuitStatus.Closed);
    }

    [Fact]
    public async Task Tick_HalfOpen_FleetGetsOnlyHalfOpenMaxCallsProbesAndSuccessClosesEverywhere()
    {
        await StartFleetAsync(5);
        Fleet.ForEach(f => f.Local.Health = Failing);
        foreach (var f in Fleet)
        {
            await f.Sharing.TickAsync();
        }

        await Task.WhenAll(Fleet.Select(f => f.Local.Held)).WaitAsync(Wait);

        // Every instance has callers waiting (demand) once the break is over.
        Time.Advance(Policy.BreakDuration);
        Fleet.ForEach(f => f.Local.Health = new LocalHealth(0, 0, true, 5));
        for (var round = 0; round < 3; round++)
        {
            foreach (var f in Fleet)
            {
                await f.Sharing.TickAsync();
            }
        }

        Fleet.Sum(f => f.Local.ProbesGranted).Should().Be(Policy.HalfOpenMaxCalls);
        Fleet.Should().OnlyContain(f => f.Circuit.Status == SharedCircuitStatus.HalfOpen);

        var prober = Fleet.First(f => f.Local.ProbesGranted == 1);
        prober.Local.CompleteProbe(success: true);

        await Task.WhenAll(Fleet.Select(f => f.Local.Released)).WaitAsync(Wait);
        Fleet.Should().OnlyContain(f => f.Local.HeldUntil == null);
        Fleet.Should().OnlyContain(f => f.Local.LastReleaseRestored == false, "the fleet's probes closed it: a fresh window everywhere");
    }

    [Fact]
    public async Task Tick_ProbeFails_FleetHeldOpenForAnotherBreak()
    {
        await StartFleetAsync(3);
        Fleet.ForEach(f => f.Local.Health = Failing);
        foreach (var f in Fleet)
        {
            await f.Sharing.TickAsync();
        }

        await Task.WhenAll(Fleet.Select(f => f.Local.Held)).WaitAsync(Wait);
        Time.Advance(Policy.BreakDuration);
        Fleet[0].Local.Health = new LocalHealth(0, 0, true, 1);
        await Fleet[0].Sharing.TickAsync();
        await Fleet[0].Local.ProbeGranted.WaitAsync(Wait);

        Fleet[0].Local.CompleteProbe(success: false);

        var secondBreakEnd = Time.GetUtcNow() + Policy.BreakDuration;
        foreach (var f in Fleet)
        {
            for (var i = 0; i < 100 && f.Local.HeldUntil != secondBreakEnd; i++)
            {
                await f.Sharing.TickAsync();
            }
        }

        Fleet.Should().OnlyContain(f => f.Local.HeldUntil == secondBreakEnd && f.Circuit.Status == SharedCircuitStatus.Open);
    }

    [Fact]
    public async Task Tick_RedisStopped_FallsBackToLocalAtOnceLogsOnceAndRejoinsWhenBack()
    {
        await StartFleetAsync(3);
        Fleet.ForEach(f => f.Local.Health = Failing);
        foreach (var f in Fleet)
        {
            await f.Sharing.TickAsync();
        }

        await Task.WhenAll(Fleet.Select(f => f.Local.Held)).WaitAsync(Wait);
        using var fallbacks = new MetricCollector<long>(Fleet[0].Sharing.Meter, "resilience.redis.shared_state.fallbacks");
        using var available = new MetricCollector<int>(Fleet[0].Sharing.Meter, "resilience.redis.shared_state.available");

        // Arrange done: Redis goes away.
        await Server.StopAsync();
        foreach (var f in Fleet)
        {
            (await f.Sharing.TickAsync()).Should().BeFalse();
            (await f.Sharing.TickAsync()).Should().BeFalse();
        }

        Fleet.Should().OnlyContain(f => !f.Sharing.IsSharedStateAvailable && f.Circuit.Status == SharedCircuitStatus.LocalOnly);
        Fleet.Should().OnlyContain(f => f.Local.HeldUntil == null && f.Local.ReleaseCount == 1, "each breaker decides alone again");
        Fleet.Should().OnlyContain(f => f.Local.LastReleaseRestored == true, "the shared decision is unknown: each breaker gets its own verdict back");
        Fleet[0].Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning).Should().Be(1);
        fallbacks.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(1);
        available.RecordObservableInstruments();
        available.LastMeasurement!.Value.Should().Be(0);

        // Redis is back: after the retry interval the instances rejoin and the still-open shared circuit applies again.
        await Server.StartAgainAsync();
        await Task.WhenAll(Fleet.Select(f => f.Reconnected())).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var f in Fleet)
        {
            // A round that raced the reconnection may have failed and restarted the retry interval: bounded retries.
            var rejoined = false;
            for (var attempt = 0; attempt < 10 && !rejoined; attempt++)
            {
                Time.Advance(TimeSpan.FromSeconds(2));
                rejoined = await f.Sharing.TickAsync();
            }

            rejoined.Should().BeTrue();
        }

        Fleet.Should().OnlyContain(f => f.Sharing.IsSharedStateAvailable);
        Fleet[0].Logs.GetSnapshot().Count(r => r.Message.Contains("rejoins", StringComparison.Ordinal)).Should().Be(1);
        available.RecordObservableInstruments();
        available.LastMeasurement!.Value.Should().Be(1);
    }

    [Fact]
    public async Task Tick_DeadInstance_ReportExpiresAndNoLongerCounts()
    {
        await StartFleetAsync(2);
        Fleet[0].Local.Health = Failing;
        await Fleet[0].Sharing.TickAsync();
        await Fleet[0].CrashAsync();

        Time.Advance(TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(1));
        Fleet[1].Local.Health = Failing;
        await Fleet[1].Sharing.TickAsync();

        Fleet[1].Circuit.Status.Should().Be(SharedCircuitStatus.Closed);
        var reports = await Fleet[1].Connection.GetDatabase().HashKeysAsync(new RedisKeys(Prefix, "orders").Reports);
        reports.Select(r => r.ToString()).Should().Equal(Fleet[1].Sharing.InstanceId);
    }

    [Fact]
    public async Task ShareAll_Registry_AttachesPresentAndFutureBreakersAndDetachesRemovedOnes()
    {
        var instance = await StartAsync("r");
        using var registry = new Resilience.Registry.CircuitBreakerRegistry(timeProvider: Time);
        registry.GetOrCreate("inventory");
        registry.GetOrCreate("private");

        using (instance.Sharing.ShareAll(registry, name => name != "private"))
        {
            await instance.Sharing.TickAsync();
            var first = instance.Sharing.Count;
            registry.GetOrCreate("shipping");
            await instance.Sharing.TickAsync();
            var second = instance.Sharing.Count;
            registry.Remove("inventory");
            await instance.Sharing.TickAsync();
            var third = instance.Sharing.Count;

            first.Should().Be(2, "the attached 'orders' plus 'inventory'");
            second.Should().Be(3);
            third.Should().Be(2);
            var db = instance.Connection.GetDatabase();
            (await db.KeyExistsAsync(new RedisKeys(Prefix, "shipping").Reports)).Should().BeTrue();
            (await db.KeyExistsAsync(new RedisKeys(Prefix, "private").Reports)).Should().BeFalse();
        }

        await instance.Sharing.TickAsync();
        instance.Sharing.Count.Should().Be(1, "only the breaker attached by hand remains");
    }

    [Fact]
    public async Task ShareAll_FilterThrows_EveryThrowIsCountedButLoggedOnceUntilItAnswers()
    {
        var instance = await StartAsync("f");
        using var registry = new Resilience.Registry.CircuitBreakerRegistry(timeProvider: Time);
        registry.GetOrCreate("inventory");
        var throwing = true;
        using var errors = new MetricCollector<long>(instance.Sharing.Meter, "resilience.redis.callback.errors");

        using (instance.Sharing.ShareAll(registry, name => throwing ? throw new InvalidOperationException("filter bug") : name == "inventory"))
        {
            for (var round = 0; round < 3; round++)
            {
                await instance.Sharing.TickAsync();
            }

            // At least the three rounds run here (ShareAll also wakes the background loop for one of its own).
            var measurements = errors.GetMeasurementSnapshot();
            measurements.Should().HaveCountGreaterThanOrEqualTo(3, "one count per throw, one throw per round").And.OnlyContain(m => m.Value == 1
                && (string?)m.Tags["resilience.callback"] == "share_all_filter"
                && (string?)m.Tags["error.type"] == "System.InvalidOperationException"
                && (string?)m.Tags["instance"] == instance.Sharing.InstanceId);
            FilterLogs(instance).Should().Be(1, "the same failure is logged once, not once per round");

            var counted = measurements.Count;
            throwing = false;
            await instance.Sharing.TickAsync();
            throwing = true;
            await instance.Sharing.TickAsync();

            errors.GetMeasurementSnapshot().Should().HaveCountGreaterThan(counted);
            FilterLogs(instance).Should().Be(2, "a filter that answered and threw again is logged again");
        }

        static int FilterLogs(SharingInstance instance) =>
            instance.Logs.GetSnapshot().Count(r => r.Level == LogLevel.Error && r.Message.Contains("filter given to ShareAll threw", StringComparison.Ordinal));
    }

    private async Task StartFleetAsync(int count, SharedCircuitPolicy? policy = null)
    {
        for (var i = 0; i < count; i++)
        {
            await StartAsync("i" + i, policy);
        }
    }
}

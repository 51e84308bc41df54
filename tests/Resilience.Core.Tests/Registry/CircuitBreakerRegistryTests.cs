using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.TestUtilities.Logging;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
using Resilience.Monitoring;
using Resilience.Registry;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Core.Tests.TestSupport;

namespace Resilience.Core.Tests.Registry;

public sealed class CircuitBreakerRegistryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void GetOrCreate_1000ConcurrentCallsForOneName_CreateExactlyOneBreakerOnce()
    {
        var factoryCalls = 0;
        using var registry = new CircuitBreakerRegistry(timeProvider: _time, optionsFactory: _ =>
        {
            Interlocked.Increment(ref factoryCalls);
            Thread.SpinWait(10_000); // widen the race window: every caller arrives while the first is creating
            return new CircuitBreakerOptions();
        });
        var seen = new ConcurrentBag<CircuitBreaker>();
        using var start = new ManualResetEventSlim();

        var threads = Enumerable.Range(0, 64).Select(t => new Thread(() =>
        {
            start.Wait();
            for (var i = t; i < 1000; i += 64)
            {
                seen.Add(registry.GetOrCreate("payment-api"));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());

        seen.Should().HaveCount(1000);
        seen.Distinct().Should().ContainSingle();
        factoryCalls.Should().Be(1);
        registry.CreatedCount.Should().Be(1);
        registry.Count.Should().Be(1);
    }

    [Fact]
    public void GetOrCreate_DifferentNames_CreatesOneBreakerPerNameWithItsOptions()
    {
        using var registry = new CircuitBreakerRegistry(timeProvider: _time, optionsFactory: name => new CircuitBreakerOptions
        {
            FailureThreshold = name == "payment-api" ? 1 : 5,
        });

        var payment = registry.GetOrCreate("payment-api");
        var email = registry.GetOrCreate("email");
        payment.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();

        payment.Should().NotBeSameAs(email);
        payment.Name.Should().Be("payment-api");
        payment.State.Should().Be(CircuitState.Open, "its own threshold is 1");
        email.State.Should().Be(CircuitState.Closed);
        registry.GetOrCreate("payment-api").Should().BeSameAs(payment);
        registry.Names.Should().BeEquivalentTo("payment-api", "email");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void GetOrCreate_EmptyName_ThrowsArgumentException(string name)
    {
        using var registry = new CircuitBreakerRegistry();

        var act = () => registry.GetOrCreate(name);

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(name)).WithMessage("*must not be empty*");
        registry.Count.Should().Be(0);
    }

    [Fact]
    public void GetOrCreate_NameLongerThan256_ThrowsAndNameOf256IsAccepted()
    {
        using var registry = new CircuitBreakerRegistry();

        var act = () => registry.GetOrCreate(new string('x', 257));

        act.Should().Throw<ArgumentException>().WithMessage("*at most 256 characters*has 257*");
        registry.GetOrCreate(new string('x', 256)).Name.Should().HaveLength(256);
    }

    [Fact]
    public void GetOrCreate_PastMaxBreakers_ThrowsClearExceptionAndKeepsServingExistingNames()
    {
        using var registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions { MaxBreakers = 3 });
        var first = registry.GetOrCreate("host-1");
        registry.GetOrCreate("host-2");
        registry.GetOrCreate("host-3");

        var act = () => registry.GetOrCreate("host-4");

        act.Should().Throw<CircuitBreakerRegistryFullException>()
            .Where(e => e.MaxBreakers == 3 && e.Name == "host-4")
            .WithMessage("*maximum of 3 breakers*'host-4'*MaxBreakers*")
            .And.Should().BeAssignableTo<ResilienceException>();
        registry.GetOrCreate("host-1").Should().BeSameAs(first);
        registry.Count.Should().Be(3);
    }

    [Fact]
    public void GetOrCreate_MaxBreakersUnderConcurrency_NeverExceedsTheLimit()
    {
        using var registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions { MaxBreakers = 50 });
        var refused = 0;

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 64 }, i =>
        {
            try
            {
                registry.GetOrCreate("host-" + i);
            }
            catch (CircuitBreakerRegistryFullException)
            {
                Interlocked.Increment(ref refused);
            }
        });

        registry.Count.Should().Be(50);
        registry.GetAll().Should().HaveCount(50);
        refused.Should().Be(150);
    }

    [Fact]
    public void GetOrCreate_InvalidOptions_ThrowsAndLetsACorrectedConfigurationCreateLater()
    {
        var threshold = 0;
        using var registry = new CircuitBreakerRegistry(optionsFactory: _ => new CircuitBreakerOptions { FailureThreshold = threshold });

        var act = () => registry.GetOrCreate("svc");

        act.Should().Throw<ArgumentException>().WithMessage("*FailureThreshold*0*");
        registry.Count.Should().Be(0);
        threshold = 2;
        registry.GetOrCreate("svc").Should().NotBeNull();
        registry.Count.Should().Be(1);
    }

    [Fact]
    public void Remove_Existing_DetachesAndNextGetOrCreateCreatesANewBreaker()
    {
        using var registry = new CircuitBreakerRegistry();
        var first = registry.GetOrCreate("svc");

        registry.Remove("svc").Should().BeTrue();

        registry.Count.Should().Be(0);
        registry.TryGet("svc", out _).Should().BeFalse();
        registry.GetOrCreate("svc").Should().NotBeSameAs(first);
        registry.CreatedCount.Should().Be(2);
        registry.Remove("missing").Should().BeFalse();
    }

    [Fact]
    public void GetSnapshots_SeveralBreakers_OrderedByNameWithState()
    {
        using var registry = new CircuitBreakerRegistry(timeProvider: _time);
        registry.GetOrCreate("b").Isolate();
        registry.GetOrCreate("a");

        var snapshots = registry.GetSnapshots();

        snapshots.Select(s => (s.Name, s.State)).Should().Equal(("a", CircuitState.Closed), ("b", CircuitState.Isolated));
    }

    [Fact]
    public void GetOrCreate_Created_StateGaugeReportsTheBreakerUntilRemoved()
    {
        using var registry = new CircuitBreakerRegistry(timeProvider: _time);
        var name = "gauge-" + Guid.NewGuid().ToString("N");
        using var collector = new MetricCollector<int>(CircuitStateGauges.State);
        registry.GetOrCreate(name).Isolate();

        collector.RecordObservableInstruments();
        collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name) && m.Value == 1)
            .Tags[ResilienceTelemetryNames.CircuitStateTag].Should().Be("isolated");

        registry.Remove(name);
        collector.Clear();
        collector.RecordObservableInstruments();
        collector.GetMeasurementSnapshot().Should().NotContain(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name));
    }

    [Fact]
    public void OptionsChanged_ValidOptions_UpdateTheExistingBreakerAndInvalidOnesAreLoggedAndIgnored()
    {
        Action<CircuitBreakerOptions, string?>? listener = null;
        var logger = new FakeLogger();
        using var registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions { FailureThreshold = 5 }, timeProvider: _time, subscribeToReloads: Subscribe(l => listener = l), telemetryListener: FakeLoggerListener.For(logger));
        var breaker = registry.GetOrCreate("svc");

        listener!(new CircuitBreakerOptions { FailureThreshold = 0 }, "svc");
        listener(new CircuitBreakerOptions { FailureThreshold = 1 }, "other-name-not-created");
        listener(new CircuitBreakerOptions { FailureThreshold = 1 }, "svc");
        breaker.TryAcquirePermit(out var permit, out _);
        permit.RecordFailure();

        breaker.State.Should().Be(CircuitState.Open, "the valid reload set the threshold to 1");
        registry.Count.Should().Be(1, "a change for a name never created creates nothing");
        logger.Collector.GetSnapshot().Select(r => r.Id.Id).Should().StartWith([ResilienceEventIds.OptionsReloadRejected, ResilienceEventIds.OptionsReloaded]);
        logger.Collector.GetSnapshot()[0].Message.Should().Contain("FailureThreshold must be between 1 and 10000; it was 0.");
    }

    [Fact]
    public void Ctor_Defaults_MaxBreakersIs1000()
    {
        new CircuitBreakerRegistryOptions().MaxBreakers.Should().Be(1000);
        using var registry = new CircuitBreakerRegistry();
        registry.MaxBreakers.Should().Be(1000);
    }

    [Fact]
    public void OptionsChanged_ReloadArrivesWhileTheBreakerIsBeingCreated_NewestOptionsWin()
    {
        Action<CircuitBreakerOptions, string?>? listener = null;
        using var registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(),
            optionsFactory: name =>
            {
                // The interleaving: the options are read, then the reload lands, then the breaker is published.
                var read = new CircuitBreakerOptions { FailureThreshold = 5 };
                listener!(new CircuitBreakerOptions { FailureThreshold = 1 }, name);
                return read;
            },
            timeProvider: _time,
            subscribeToReloads: Subscribe(l => listener = l),
            telemetryListener: null);

        var breaker = registry.GetOrCreate("svc");
        breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();

        breaker.State.Should().Be(CircuitState.Open, "the reload (threshold 1) arrived after the options were read and must not be lost");
    }

    [Fact]
    public void BreakerAddedAndRemoved_RaisedOncePerBreaker_AThrowingHandlerIsLoggedAndTheOthersStillRun()
    {
        var logger = new FakeLogger();
        using var registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions(), timeProvider: _time, subscribeToReloads: null, telemetryListener: FakeLoggerListener.For(logger));
        var added = new List<CircuitBreaker>();
        var removed = new List<CircuitBreaker>();
        registry.BreakerAdded += (_, _) => throw new InvalidOperationException("observer bug");
        registry.BreakerAdded += (_, e) => added.Add(e.Breaker);
        registry.BreakerRemoved += (_, e) => removed.Add(e.Breaker);

        var breaker = registry.GetOrCreate("svc");
        registry.GetOrCreate("svc");
        registry.Remove("svc").Should().BeTrue();
        registry.Remove("svc").Should().BeFalse();

        added.Should().Equal([breaker], "the second GetOrCreate finds the existing breaker");
        removed.Should().Equal([breaker]);
        var failure = logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == ResilienceEventIds.RegistryHandlerFailed).Subject;
        failure.Level.Should().Be(LogLevel.Error);
        failure.Message.Should().Contain("BreakerAdded").And.Contain("svc").And.Contain(nameof(InvalidOperationException));
    }

    /// <summary>The registry's options seam, fed the way an options source feeds it: (options, name) change callbacks.</summary>
    private static Func<Action<string?, CircuitBreakerOptions>, IDisposable?> Subscribe(Action<Action<CircuitBreakerOptions, string?>> capture) =>
        reload =>
        {
            capture((options, name) => reload(name, options));
            return null;
        };
}

using Resilience.Chaos;
using Resilience.CircuitBreaking;
using Resilience.Degradation;
using Resilience.Registry;

namespace Resilience.Chaos.Tests;

public sealed class ChaosResiliencePipelineBuilderExtensionsTests
{
    private const int Trials = 10_000;

    [Fact]
    public void Options_Defaults_AreOffWithGuideRate()
    {
        var fault = new ChaosFaultOptions();
        var latency = new ChaosLatencyOptions();

        fault.Enabled.Should().BeFalse();
        fault.EnabledGenerator.Should().BeNull();
        fault.InjectionRate.Should().Be(0.1);
        fault.Randomizer.Should().BeNull();
        fault.FaultGenerator.Should().BeNull();
        latency.Latency.Should().Be(TimeSpan.FromSeconds(30));
        new ChaosBreakerTripOptions().TripDuration.Should().Be(TimeSpan.FromSeconds(30));
        new ChaosOutcomeOptions<int>().OutcomeGenerator.Should().BeNull();
    }

    [Fact]
    public async Task AddChaosFault_NotEnabled_NeverInjectsNorDrawsRandomNumbers()
    {
        var draws = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddChaosFault(new ChaosFaultOptions { InjectionRate = 1, Randomizer = () => { draws++; return 0; }, FaultGenerator = _ => new InvalidOperationException() })
            .Build();

        for (var i = 0; i < 100; i++)
        {
            (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(i))).Should().Be(i);
        }

        draws.Should().Be(0);
    }

    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.01, 3)]
    public async Task AddChaosFault_SeededTrials_InjectionRateWithinStatisticalBounds(double rate, int seed)
    {
        // Arrange
        var random = new Random(seed);
        var pipeline = new ResiliencePipelineBuilder()
            .AddChaosFault(new ChaosFaultOptions
            {
                Enabled = true,
                InjectionRate = rate,
                Randomizer = random.NextDouble,
                FaultGenerator = _ => new IOException("chaos"),
            })
            .Build();

        // Act
        var faults = 0;
        for (var i = 0; i < Trials; i++)
        {
            var context = ResilienceContext.Get();
            var outcome = await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromResult(1)), context, 0);
            faults += outcome.Exception is IOException ? 1 : 0;
            ResilienceContext.Return(context);
        }

        // Assert: a binomial count stays within 4 standard deviations of its mean.
        AssertWithinBinomialBounds(faults, rate);
    }

    [Fact]
    public async Task AddChaosOutcome_SeededTrials_InjectsResultAtRateWithoutRunningOperation()
    {
        var random = new Random(42);
        var pipeline = new ResiliencePipelineBuilder()
            .AddChaosOutcome(new ChaosOutcomeOptions<int> { Enabled = true, InjectionRate = 0.2, Randomizer = random.NextDouble, OutcomeGenerator = _ => 503 })
            .Build();
        int injected = 0, ran = 0;

        for (var i = 0; i < Trials; i++)
        {
            var result = await pipeline.ExecuteAsync(_ => { ran++; return ValueTask.FromResult(200); });
            injected += result == 503 ? 1 : 0;
        }

        AssertWithinBinomialBounds(injected, 0.2);
        (injected + ran).Should().Be(Trials);
    }

    [Fact]
    public async Task AddChaosOutcome_OtherResultType_NeverInjected()
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddChaosOutcome(new ChaosOutcomeOptions<int> { Enabled = true, InjectionRate = 1, OutcomeGenerator = _ => 503 })
            .Build();

        (await pipeline.ExecuteAsync(_ => ValueTask.FromResult("ok"))).Should().Be("ok");
    }

    [Fact]
    public async Task AddChaosLatency_Injected_WaitsForLatencyOnTimeProvider()
    {
        var time = new FakeTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddChaosLatency(new ChaosLatencyOptions { Enabled = true, InjectionRate = 1, Latency = TimeSpan.FromSeconds(5) })
            .Build();

        var call = pipeline.ExecuteAsync(_ => ValueTask.FromResult(7)).AsTask();
        time.Advance(TimeSpan.FromSeconds(4.9));
        call.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(0.1));

        (await call).Should().Be(7);
    }

    [Fact]
    public async Task AddChaosLatency_SeededTrials_DelaysShareOfCallsWithinBounds()
    {
        var time = new FakeTimeProvider();
        var random = new Random(7);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddChaosLatency(new ChaosLatencyOptions { Enabled = true, InjectionRate = 0.3, Randomizer = random.NextDouble, Latency = TimeSpan.FromSeconds(1) })
            .Build();
        var delayed = 0;

        for (var i = 0; i < Trials; i++)
        {
            var call = pipeline.ExecuteAsync(_ => ValueTask.FromResult(i));
            if (!call.IsCompleted)
            {
                delayed++;
                time.Advance(TimeSpan.FromSeconds(1));
            }

            (await call).Should().Be(i);
        }

        AssertWithinBinomialBounds(delayed, 0.3);
    }

    [Fact]
    public async Task AddChaosFault_EnabledGenerator_SwitchesAtRuntime()
    {
        var enabled = false;
        var pipeline = new ResiliencePipelineBuilder()
            .AddChaosFault(new ChaosFaultOptions { EnabledGenerator = _ => enabled, InjectionRate = 1, FaultGenerator = _ => new IOException("chaos") })
            .Build();

        (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(1))).Should().Be(1);
        enabled = true;
        var act = () => pipeline.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask();
        await act.Should().ThrowAsync<IOException>();
        enabled = false;
        (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(2))).Should().Be(2);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void AddChaosFault_InvalidRate_ThrowsNamingOptionAndValue(double rate)
    {
        var act = () => new ResiliencePipelineBuilder().AddChaosFault(new ChaosFaultOptions { InjectionRate = rate, FaultGenerator = _ => new IOException() });

        act.Should().Throw<ArgumentException>().WithMessage($"Invalid ChaosFaultOptions: InjectionRate must be between 0 and 1; it was {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.*");
    }

    [Fact]
    public void AddChaosFault_MissingGenerator_ThrowsNamingOption()
    {
        var act = () => new ResiliencePipelineBuilder().AddChaosFault(new ChaosFaultOptions { Enabled = true });

        act.Should().Throw<ArgumentException>().WithMessage("Invalid ChaosFaultOptions: FaultGenerator must be set; it was null.*");
    }

    [Fact]
    public void AddChaosLatency_NegativeLatency_ThrowsNamingOptionAndValue()
    {
        var act = () => new ResiliencePipelineBuilder().AddChaosLatency(new ChaosLatencyOptions { Latency = TimeSpan.FromSeconds(-1) });

        act.Should().Throw<ArgumentException>().WithMessage("Invalid ChaosLatencyOptions: Latency must be between 00:00:00 and 1.00:00:00; it was -00:00:01.*");
    }

    [Fact]
    public async Task AddChaosBreakerTrip_Injected_TripsNamedBreakerSoFallbackServesUntilTripEnds()
    {
        // Arrange: fallback outside, the trip injector, then the named breaker.
        var time = new FakeTimeProvider();
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker("payments", timeProvider: time);
        Outcome<string> primary = default;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddFallback(new FallbackOptions<string> { FallbackAction = args => { primary = args.PrimaryOutcome; return ValueTask.FromResult("cached"); } })
            .AddChaosBreakerTrip(new ChaosBreakerTripOptions
            {
                EnabledGenerator = _ => true,
                InjectionRate = 1,
                BreakerName = "payments",
                BreakerResolver = name => name == breaker.Name ? breaker : null,
                TripDuration = TimeSpan.FromSeconds(10),
            })
            .AddCircuitBreaker(breaker)
            .Build();

        // Act
        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult("live"));

        // Assert: the tripped breaker rejected the call, the fallback answered, and the breaker resets after the trip.
        result.Should().Be("cached");
        primary.IsRejected.Should().BeTrue();
        primary.Exception.Should().BeOfType<CircuitOpenException>();
        breaker.State.Should().Be(CircuitState.Isolated);
        time.Advance(TimeSpan.FromSeconds(10));
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task AddChaosBreakerTrip_FromRegistry_TripsBreakerByName()
    {
        var time = new FakeTimeProvider();
        using var registry = new CircuitBreakerRegistry(timeProvider: time);
        var breaker = registry.GetOrCreate("orders");
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddChaosBreakerTrip(registry, new ChaosBreakerTripOptions { Enabled = true, InjectionRate = 1, BreakerName = "orders", TripDuration = null })
            .AddCircuitBreaker(breaker)
            .Build();

        var act = () => pipeline.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask();

        await act.Should().ThrowAsync<CircuitOpenException>();
        breaker.State.Should().Be(CircuitState.Isolated);
        time.Advance(TimeSpan.FromHours(1));
        breaker.State.Should().Be(CircuitState.Isolated, "without a trip duration the breaker stays isolated until reset");
    }

    [Fact]
    public async Task AddChaosBreakerTrip_UnknownBreaker_SkipsInjection()
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddChaosBreakerTrip(new ChaosBreakerTripOptions { Enabled = true, InjectionRate = 1, BreakerName = "nope", BreakerResolver = _ => null })
            .Build();

        (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(1))).Should().Be(1);
    }

    [Fact]
    public void AddChaosBreakerTrip_MissingName_ThrowsNamingOption()
    {
        var act = () => new ResiliencePipelineBuilder().AddChaosBreakerTrip(new ChaosBreakerTripOptions { BreakerResolver = _ => null });

        act.Should().Throw<ArgumentException>().WithMessage("Invalid ChaosBreakerTripOptions: BreakerName must not be empty; it was null.*");
    }

    private static void AssertWithinBinomialBounds(int count, double rate)
    {
        var mean = Trials * rate;
        var bound = 4 * Math.Sqrt(Trials * rate * (1 - rate));
        count.Should().BeInRange((int)Math.Floor(mean - bound), (int)Math.Ceiling(mean + bound));
    }

    [Fact]
    public async Task AddChaosBreakerTrip_TripEndsAfterAManualResetAndARealOutage_LeavesTheRealOutageOpen()
    {
        var time = new FakeTimeProvider();
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker(
            "payments",
            new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromMinutes(5) },
            time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddChaosBreakerTrip(new ChaosBreakerTripOptions
            {
                EnabledGenerator = _ => true,
                InjectionRate = 1,
                BreakerName = "payments",
                BreakerResolver = _ => breaker,
                TripDuration = TimeSpan.FromSeconds(10),
            })
            .Build();
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(0));
        breaker.State.Should().Be(CircuitState.Isolated);

        // Somebody resets the forced trip by hand, then a real outage opens the breaker.
        breaker.Reset();
        breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();
        breaker.State.Should().Be(CircuitState.Open);
        time.Advance(TimeSpan.FromSeconds(10));

        breaker.State.Should().Be(CircuitState.Open, "the chaos timer ends only the hold it placed, not the real outage's break");
    }
}

using System.Globalization;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.AdaptiveConcurrency;
using Resilience.AdaptiveConcurrency.Internal;
using Resilience.TestUtilities;
using Resilience.Timeout;

namespace Resilience.Adaptive.Tests.AdaptiveConcurrency;

public sealed class AdaptiveConcurrencyStrategyTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly string _name = "adaptive-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Ctor_Defaults()
    {
        var options = new AdaptiveConcurrencyOptions();
        using var stage = new AdaptiveConcurrencyStrategy(options);

        options.Algorithm.Should().Be(AdaptiveLimitAlgorithm.Vegas);
        options.InitialLimit.Should().Be(20);
        options.MinLimit.Should().Be(1);
        options.MaxLimit.Should().Be(200);
        options.BackoffRatio.Should().Be(0.9);
        options.DropLatency.Should().Be(TimeSpan.FromSeconds(5));
        options.RttTolerance.Should().Be(1.5);
        options.LongWindow.Should().Be(600);
        stage.Limit.Should().Be(20);
        stage.Name.Should().Be("default");
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingEveryOptionAndValue()
    {
        var act = () => new AdaptiveConcurrencyStrategy(new AdaptiveConcurrencyOptions { MinLimit = 0, InitialLimit = 500, BackoffRatio = 1.0 });

        act.Should().Throw<ArgumentException>().WithMessage(
            "Invalid AdaptiveConcurrencyOptions: MinLimit must be between 1 and 100000; it was 0. InitialLimit must be between 0 and 200; it was 500. BackoffRatio must be between 0.5 and 0.995; it was 1.*");
    }

    [Fact]
    public async Task ExecuteAsync_OverTheLimit_RejectsAtOnceWithoutRunningTheOperation()
    {
        using var stage = new AdaptiveConcurrencyStrategy(new AdaptiveConcurrencyOptions { Name = _name, InitialLimit = 1, MinLimit = 1 }, _time);
        using var rejections = new MetricCollector<long>(AdaptiveConcurrencyMetrics.Rejections);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddAdaptiveConcurrencyLimit(stage).Build();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = pipeline.ExecuteAsync(_ => new ValueTask<int>(gate.Task)).AsTask();
        var ran = false;

        var act = () => pipeline.ExecuteAsync(_ => { ran = true; return ValueTask.FromResult(2); }).AsTask();

        var rejected = (await act.Should().ThrowAsync<AdaptiveConcurrencyRejectedException>()).Which;
        rejected.Limit.Should().Be(1);
        rejected.LimitName.Should().Be(_name);
        rejected.RetryAfter.Should().BeNull();
        ran.Should().BeFalse();
        stage.Rejected.Should().Be(1);
        rejections.GetMeasurementSnapshot().Where(m => (string?)m.Tags["adaptive_concurrency.name"] == _name).Sum(m => m.Value).Should().Be(1);
        gate.SetResult(1);
        await holder;
        stage.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessPath_AllocatesNothing()
    {
        using var stage = new AdaptiveConcurrencyStrategy(new AdaptiveConcurrencyOptions(), _time);
        var pipeline = new ResiliencePipelineBuilder().AddAdaptiveConcurrencyLimit(stage).Build();

        var bytes = await AllocationMeter.MeasureAsync(async () => await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), 42));

        bytes.Should().Be(0);
    }

    [Fact]
    public void Aimd_DropsShrinkMultiplicativelyAndSuccessesGrowByOne()
    {
        using var stage = new AdaptiveConcurrencyStrategy(new AdaptiveConcurrencyOptions { Algorithm = AdaptiveLimitAlgorithm.Aimd, InitialLimit = 100 }, _time);
        var pipeline = new ResiliencePipelineBuilder().AddAdaptiveConcurrencyLimit(stage).Build();

        Run(pipeline, Outcome.FromException<int>(new TimeoutRejectedException()));
        stage.Limit.Should().Be(90);

        // Idle (one call in flight of a limit of 90): no growth, so an idle client cannot drift to the maximum.
        Run(pipeline, Outcome.FromResult(1));
        stage.Limit.Should().Be(90);
    }

    [Fact]
    public async Task Sample_CallerCancelled_IsNotASample()
    {
        using var stage = new AdaptiveConcurrencyStrategy(new AdaptiveConcurrencyOptions { Algorithm = AdaptiveLimitAlgorithm.Aimd, InitialLimit = 100 }, _time);
        var pipeline = new ResiliencePipelineBuilder().AddAdaptiveConcurrencyLimit(stage).Build();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var context = ResilienceContext.Get(cts.Token);
        await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new OperationCanceledException())), context, 0);

        stage.Limit.Should().Be(100);
    }

    [Fact]
    public void Metrics_ExportLimitInFlightAndRttTaggedWithThePipelineName()
    {
        var pipelineName = "orders-" + Guid.NewGuid().ToString("N");
        using var limits = new MetricCollector<int>(AdaptiveConcurrencyMetrics.Limit);
        using var rtts = new MetricCollector<double>(AdaptiveConcurrencyMetrics.Rtt);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time, Name = pipelineName }
            .AddAdaptiveConcurrencyLimit(new AdaptiveConcurrencyOptions { Algorithm = AdaptiveLimitAlgorithm.Vegas })
            .Build();
        Run(pipeline, Outcome.FromResult(1));

        limits.RecordObservableInstruments();
        rtts.RecordObservableInstruments();

        limits.GetMeasurementSnapshot().Should().Contain(m => (string?)m.Tags["adaptive_concurrency.name"] == pipelineName && m.Value == 20 && (string?)m.Tags["adaptive_concurrency.algorithm"] == "vegas");
        rtts.GetMeasurementSnapshot().Where(m => (string?)m.Tags["adaptive_concurrency.name"] == pipelineName)
            .Select(m => (string?)m.Tags["adaptive_concurrency.estimate"]).Should().BeEquivalentTo(["min", "last"]);
    }

    [Theory]
    [InlineData(AdaptiveLimitAlgorithm.Aimd)]
    [InlineData(AdaptiveLimitAlgorithm.Vegas)]
    [InlineData(AdaptiveLimitAlgorithm.Gradient)]
    public void Simulation_LimitConvergesNearCapacityAndFollowsTheBackendDownAndBackUp(AdaptiveLimitAlgorithm algorithm)
    {
        // Arrange: 150 clients against a backend that serves 50 at 10 ms and slows in proportion beyond that.
        using var stage = new AdaptiveConcurrencyStrategy(
            new AdaptiveConcurrencyOptions { Algorithm = algorithm, DropLatency = TimeSpan.FromMilliseconds(15) },
            _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddAdaptiveConcurrencyLimit(stage).Build();
        var backend = new SimulatedBackend(_time, pipeline, clients: 150);
        var series = new List<(TimeSpan At, int Limit, int Capacity)>();
        void Phase(int capacity, TimeSpan length)
        {
            backend.Capacity = capacity;
            backend.Run(length, TimeSpan.FromMilliseconds(100), at => series.Add((at, stage.Limit, backend.Capacity)));
        }

        // Act: healthy, degraded to 20, recovered.
        var phase = TimeSpan.FromSeconds(20);
        Phase(50, phase);
        Phase(20, phase);
        Phase(50, phase);
        WriteSeries(algorithm, series);

        // Assert: over the second half of each phase the limit sits near the backend's capacity.
        double Average(int phaseIndex) => series.Where(s => s.At >= (phase * phaseIndex) + (phase / 2) && s.At < phase * (phaseIndex + 1)).Average(s => s.Limit);
        var healthy = Average(0);
        var degraded = Average(1);
        var recovered = Average(2);
        healthy.Should().BeInRange(35, 90, "the backend serves 50 at its base latency");
        degraded.Should().BeInRange(12, 40, "the backend serves 20 after it degraded");
        degraded.Should().BeLessThan(healthy * 0.75);
        recovered.Should().BeInRange(35, 90, "the limit recovers with the backend");
        backend.Served.Should().BeGreaterThan(0);

        // And it stays there: the converged band. At least 85% of the samples of each phase's second half lie between half
        // and twice the capacity (the rest are the short no-load probes, which cut the limit to a quarter), none above twice.
        for (var i = 0; i < 3; i++)
        {
            var settled = series.Where(s => s.At >= (phase * i) + (phase / 2) && s.At < phase * (i + 1)).ToList();
            settled.Count(s => s.Limit >= s.Capacity / 2 && s.Limit <= s.Capacity * 2).Should().BeGreaterThanOrEqualTo(
                (int)(settled.Count * 0.85), "phase {0}: {1}", i, string.Join(" ", settled.Select(s => s.Limit)));
            settled.Max(s => s.Limit).Should().BeLessThanOrEqualTo(settled[0].Capacity * 2, "no overshoot beyond twice the capacity in phase {0}", i);
        }
    }

    private static void Run(ResiliencePipeline pipeline, Outcome<int> outcome)
    {
        var pending = pipeline.ExecuteOutcomeAsync(static (_, o) => ValueTask.FromResult(o), ResilienceContext.Get(), outcome);
        pending.IsCompletedSuccessfully.Should().BeTrue("every stage and the operation complete synchronously");
    }

    // The docs' figures are drawn from these series: set RESILIENCE_SIMULATION_CSV to a folder to write them.
    private static void WriteSeries(AdaptiveLimitAlgorithm algorithm, List<(TimeSpan At, int Limit, int Capacity)> series)
    {
        if (Environment.GetEnvironmentVariable("RESILIENCE_SIMULATION_CSV") is not { Length: > 0 } folder)
        {
            return;
        }

        var lines = series.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:0.0},{s.Limit},{s.Capacity}"));
        File.WriteAllLines(Path.Combine(folder, $"adaptive-{algorithm.ToString().ToLowerInvariant()}.csv"), ["seconds,limit,capacity", .. lines]);
    }
}

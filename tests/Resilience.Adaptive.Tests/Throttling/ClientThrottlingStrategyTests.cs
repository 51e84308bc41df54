using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.TestUtilities;
using Resilience.Throttling;
using Resilience.Throttling.Internal;
using Resilience.Timeout;

namespace Resilience.Adaptive.Tests.Throttling;

public sealed class ClientThrottlingStrategyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new();
    private readonly string _name = "throttle-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Ctor_Defaults_FollowTheSreBook()
    {
        var options = new ClientThrottlingOptions();
        using var stage = new ClientThrottlingStrategy(options);

        options.Multiplier.Should().Be(2);
        options.Window.Should().Be(TimeSpan.FromMinutes(2));
        options.MaxRejectionProbability.Should().Be(1);
        stage.Name.Should().Be("default");
        stage.RejectionProbability.Should().Be(0);
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingEveryOptionAndValue()
    {
        var act = () => new ClientThrottlingStrategy(new ClientThrottlingOptions { Multiplier = 0.5, Window = TimeSpan.Zero, MaxRejectionProbability = double.NaN, Name = "" });

        act.Should().Throw<ArgumentException>().WithMessage(
            "Invalid ClientThrottlingOptions: Multiplier must be between 1 and 100; it was 0.5. Window must be between 00:00:01 and 01:00:00; it was 00:00:00. "
            + "MaxRejectionProbability must be between 0 and 1; it was NaN. Name must not be empty when set; it was ''.*");
    }

    [Fact]
    public void Simulation_HealthyBackend_ReceivesEveryCall()
    {
        using var stage = NewStage();
        var sim = new ThrottlingSimulation(_time, Pipeline(stage), callsPerSecond: 50);

        var phase = sim.Run(Window * 3, (_, _) => true);

        phase.Offered.Should().Be(9000);
        phase.Sent.Should().Be(phase.Offered);
        stage.Rejected.Should().Be(0);
        stage.RejectionProbability.Should().Be(0);
    }

    [Fact]
    public void Simulation_DeadBackend_ReceivesASmallBoundedFractionOnceTheWindowHasSeenIt()
    {
        using var stage = NewStage();
        var sim = new ThrottlingSimulation(_time, Pipeline(stage), callsPerSecond: 50);
        sim.Run(Window, (_, _) => true);

        // The first window of the outage: the client notices within half a window (requests must outnumber K·accepts).
        var noticing = sim.Run(Window, (_, _) => false);
        var dead = sim.Run(Window * 3, (_, _) => false);

        noticing.SentFraction.Should().BeLessThan(0.8);
        dead.SentFraction.Should().BeLessThan(0.02, "the backend has accepted nothing for a whole window: about one call per recent slot goes through");
        dead.Sent.Should().BeGreaterThan(0, "a dead backend still gets the odd probe, or it could never be seen to recover");
        stage.RejectionProbability.Should().BeGreaterThan(0.98);
    }

    [Fact]
    public void Simulation_OverloadedBackend_ReceivesAboutKTimesWhatItAccepts()
    {
        using var stage = NewStage();
        var sim = new ThrottlingSimulation(_time, Pipeline(stage), callsPerSecond: 100);
        var capacity = new CapacityBackend(perSecond: 20);

        sim.Run(Window * 2, capacity.Accept);
        var overloaded = sim.Run(Window * 3, capacity.Accept);

        // 100 offered per second, 20 accepted: K = 2 sends about 40, where the backend without throttling would get all 100.
        var sentPerSecond = overloaded.Sent / (Window * 3).TotalSeconds;
        sentPerSecond.Should().BeInRange(32, 50);
        (overloaded.Accepted / (Window * 3).TotalSeconds).Should().BeInRange(19, 20.01);
    }

    [Fact]
    public void Simulation_BackendRecovers_TrafficIsBackWithinOneWindow()
    {
        using var stage = NewStage();
        var sim = new ThrottlingSimulation(_time, Pipeline(stage), callsPerSecond: 50);
        sim.Run(Window, (_, _) => true);
        sim.Run(Window * 3, (_, _) => false);

        // The backend is healthy again: follow the share sent in tenths of a window.
        var tenths = Enumerable.Range(0, 10).Select(_ => sim.Run(Window / 10, (_, _) => true).SentFraction).ToList();

        tenths[^1].Should().Be(1, "one window after the backend recovered, nothing is throttled any more");
        tenths.FindIndex(f => f == 1).Should().BeLessThanOrEqualTo(6, "the last slots' accepts bring the traffic back within about half a window: {0}", string.Join(", ", tenths));
        tenths.Should().BeInAscendingOrder();
        stage.RejectionProbability.Should().Be(0);
    }

    [Fact]
    public void Randomizer_Seeded_ThrottlesTheSameCallsEveryRun()
    {
        static List<int> Run(FakeTimeProvider time)
        {
            var random = new Random(7);
            using var stage = new ClientThrottlingStrategy(new ClientThrottlingOptions { Window = Window, Randomizer = random.NextDouble }, time);
            var sim = new ThrottlingSimulation(time, Pipeline(stage), callsPerSecond: 20);
            sim.Run(Window, (i, _) => i % 4 == 0);
            return sim.RejectedCalls;
        }

        var first = Run(new FakeTimeProvider());
        var second = Run(new FakeTimeProvider());

        first.Should().NotBeEmpty().And.Equal(second);
    }

    [Fact]
    public void MaxRejectionProbability_CapsTheShareRejected()
    {
        using var stage = new ClientThrottlingStrategy(new ClientThrottlingOptions { Name = _name, Window = Window, MaxRejectionProbability = 0.5, Randomizer = new Random(3).NextDouble }, _time);
        var sim = new ThrottlingSimulation(_time, Pipeline(stage), callsPerSecond: 50);
        sim.Run(Window, (_, _) => false);

        var dead = sim.Run(Window * 2, (_, _) => false);

        stage.RejectionProbability.Should().Be(0.5);
        dead.SentFraction.Should().BeInRange(0.45, 0.55);
    }

    [Fact]
    public async Task Counting_CallerCancellationAndInnerRejectionsAreNotCounted_TimeoutsAreNotAccepts()
    {
        using var stage = NewStage();
        var pipeline = Pipeline(stage);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var context = ResilienceContext.Get(cts.Token);
        await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new OperationCanceledException())), context, 0);
        ResilienceContext.Return(context);
        await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new ExecutionRejectedException())), ResilienceContext.Get(), 0);
        stage.WindowCounts.Should().Be((0L, 0L));

        await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new TimeoutRejectedException())), ResilienceContext.Get(), 0);
        await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromResult(1)), ResilienceContext.Get(), 0);
        stage.WindowCounts.Should().Be((2L, 1L));
    }

    [Fact]
    public async Task ShouldHandle_DecidesWhatTheBackendDidNotAccept_AndAThrowFaultsTheTask()
    {
        using var stage = new ClientThrottlingStrategy(new ClientThrottlingOptions { Window = Window, ShouldHandle = static a => a.Result is 503, Randomizer = static () => 0.999 }, _time);
        var pipeline = Pipeline(stage);
        await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(503));
        await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(200));
        stage.WindowCounts.Should().Be((2L, 1L));

        using var throwing = new ClientThrottlingStrategy(new ClientThrottlingOptions { ShouldHandle = static _ => throw new InvalidOperationException("predicate") }, _time);
        var pending = Pipeline(throwing).ExecuteAsync(static _ => ValueTask.FromResult(1));

        pending.IsFaulted.Should().BeTrue("the predicate's exception faults the returned task instead of escaping the call");
        await pending.AsTask().Invoking(t => t).Should().ThrowAsync<InvalidOperationException>().WithMessage("predicate");
    }

    [Fact]
    public async Task Rejection_IsAClientThrottledExceptionWithTheNameAndProbability_CountedInTheMetric()
    {
        var draw = 0.999;
        using var stage = new ClientThrottlingStrategy(new ClientThrottlingOptions { Name = _name, Window = Window, Randomizer = () => draw }, _time);
        using var rejections = new MetricCollector<long>(ClientThrottlingMetrics.Rejections);
        using var probability = new MetricCollector<double>(ClientThrottlingMetrics.Probability);
        var pipeline = Pipeline(stage);
        for (var i = 0; i < 3; i++)
        {
            await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new HttpRequestException())), ResilienceContext.Get(), 0);
        }

        stage.Rejected.Should().Be(0);
        var ran = false;
        draw = 0;
        var act = () => pipeline.ExecuteAsync(_ => { ran = true; return ValueTask.FromResult(1); }).AsTask();

        var rejected = (await act.Should().ThrowAsync<ClientThrottledException>()).Which;
        ran.Should().BeFalse();
        rejected.ThrottleName.Should().Be(_name);
        rejected.RejectionProbability.Should().BeApproximately(0.75, 1e-9, "the probability it was drawn against: 3 requests, no accepts, 3 / 4");
        rejected.RetryAfter.Should().BeNull();
        stage.Rejected.Should().Be(1);
        rejections.GetMeasurementSnapshot().Where(m => (string?)m.Tags["client_throttling.name"] == _name).Sum(m => m.Value).Should().Be(1);
        probability.RecordObservableInstruments();
        probability.GetMeasurementSnapshot().Should().Contain(
            m => (string?)m.Tags["client_throttling.name"] == _name && Math.Abs(m.Value - 0.8) < 1e-9, "the rejection counts as a request: 4 / 5");
    }

    [Fact]
    public async Task Window_CountsExpireAfterOneWindow()
    {
        using var stage = NewStage();
        var pipeline = Pipeline(stage);
        await pipeline.ExecuteOutcomeAsync(static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new HttpRequestException())), ResilienceContext.Get(), 0);
        stage.RejectionProbability.Should().Be(0.5);

        _time.Advance(Window);

        stage.WindowCounts.Should().Be((0L, 0L));
        stage.RejectionProbability.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessPath_AllocatesNothing()
    {
        using var stage = NewStage();
        var pipeline = Pipeline(stage);

        var bytes = await AllocationMeter.MeasureAsync(async () => await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), 42));

        bytes.Should().Be(0);
    }

    [Fact]
    public async Task Concurrency_ManyThreads_EveryCallIsCountedOnce()
    {
        using var stage = new ClientThrottlingStrategy(new ClientThrottlingOptions { Window = TimeSpan.FromHours(1) }, _time);
        var pipeline = Pipeline(stage);
        const int Threads = 8;
        const int CallsPerThread = 5000;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(
            async () =>
            {
                for (var i = 0; i < CallsPerThread; i++)
                {
                    var fail = (i + t) % 3 == 0;
                    await pipeline.ExecuteOutcomeAsync(
                        static (_, f) => ValueTask.FromResult(f ? Outcome.FromException<int>(new HttpRequestException()) : Outcome.FromResult(1)), ResilienceContext.Get(), fail);
                }
            },
            cts.Token)).ToArray();
        await Task.WhenAll(workers);

        var (requests, accepts) = stage.WindowCounts;
        requests.Should().Be(Threads * CallsPerThread, "every call, sent or rejected locally, is one request");
        (requests - accepts).Should().BeGreaterThanOrEqualTo(stage.Rejected);
        stage.RejectionProbability.Should().Be(0, "two in three are accepted: 2·accepts exceeds requests");
    }

    private ClientThrottlingStrategy NewStage() =>
        new(new ClientThrottlingOptions { Name = _name, Window = Window, Randomizer = new Random(42).NextDouble }, _time);

    private static ResiliencePipeline Pipeline(ClientThrottlingStrategy stage) => new ResiliencePipelineBuilder().AddClientThrottling(stage).Build();
}

using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.Retry;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.DependencyInjection;

namespace Resilience.Core.Tests.Retry;

/// <summary>The retry stage's metrics, activity events and log lines (the meter is shared: each test uses its own name).</summary>
public sealed class RetryStrategyTelemetryTests
{
    private const string SecretUrl = "https://user:hunter2@api.example.com/v1/pay?api_key=SECRET123";
    private readonly string _name = "retry-" + Guid.NewGuid().ToString("N");
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task ExecuteAsync_AllAttemptsFail_CountsAttemptsAndExhaustionAndLogsWithoutTheUrl()
    {
        using var attempts = new MetricCollector<long>(ResilienceMetrics.RetryAttempts);
        using var exhausted = new MetricCollector<long>(ResilienceMetrics.RetriesExhausted);
        var pipeline = Pipeline(new RetryOptions { MaxAttempts = 3 });

        var act = () => pipeline.ExecuteAsync<int>(static _ => throw new HttpRequestException($"Connection refused ({SecretUrl})")).AsTask();

        await act.Should().ThrowAsync<HttpRequestException>();
        Sum(attempts).Should().Be(2);
        Sum(exhausted).Should().Be(1);
        var records = _logs.GetSnapshot();
        records.Should().HaveCount(2).And.OnlyContain(r => r.Level == LogLevel.Warning && r.Id.Id == ResilienceEventIds.RetryAttempt);
        records.Should().OnlyContain(r => r.Message.Contains("System.Net.Http.HttpRequestException", StringComparison.Ordinal));
        string.Join("\n", records.Select(r => r.Message)).Should().NotContain("SECRET123").And.NotContain("api_key").And.NotContain("hunter2");
    }

    [Fact]
    public async Task ExecuteAsync_SecondAttemptSucceeds_CountsOneAttemptAndNoExhaustion()
    {
        using var attempts = new MetricCollector<long>(ResilienceMetrics.RetryAttempts);
        using var exhausted = new MetricCollector<long>(ResilienceMetrics.RetriesExhausted);
        var calls = 0;

        var result = await Pipeline(new RetryOptions { MaxAttempts = 3 }).ExecuteAsync(_ =>
            ++calls == 1 ? throw new TimeoutException() : ValueTask.FromResult(7));

        result.Should().Be(7);
        Sum(attempts).Should().Be(1);
        Sum(exhausted).Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_BudgetSpent_CountsBudgetExhaustion()
    {
        using var budgetExhausted = new MetricCollector<long>(ResilienceMetrics.RetryBudgetExhausted);
        var budget = new RetryBudget(new RetryBudgetOptions { RetryRatio = 0, MinRetriesPerSecond = 0 }, new FakeTimeProvider());
        var pipeline = Pipeline(new RetryOptions { MaxAttempts = 3, Budget = budget });

        var act = () => pipeline.ExecuteAsync<int>(static _ => throw new TimeoutException()).AsTask();

        await act.Should().ThrowAsync<TimeoutException>();
        Sum(budgetExhausted).Should().Be(1);
        _logs.GetSnapshot().Should().ContainSingle().Which.Id.Id.Should().Be(ResilienceEventIds.RetryBudgetExhausted);
    }

    [Fact]
    public async Task ExecuteAsync_RecordedActivity_GetsOneRetryEventPerRetry()
    {
        using var source = new ActivitySource("Resilience.Tests.Retry." + _name);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name || s.Name == ResilienceTelemetryNames.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("call")!;

        var act = () => Pipeline(new RetryOptions { MaxAttempts = 3 }).ExecuteAsync<int>(static _ => throw new TimeoutException()).AsTask();

        await act.Should().ThrowAsync<TimeoutException>();
        activity.Events.Select(e => e.Name).Should().Equal(ResilienceTelemetryNames.RetryEvent, ResilienceTelemetryNames.RetryEvent);
        activity.Events.Last().Tags.Should().Contain(new KeyValuePair<string, object?>("retry.attempt", 2))
            .And.Contain(new KeyValuePair<string, object?>(ResilienceTelemetryNames.RetryNameTag, _name));
    }

    [Fact]
    public async Task ExecuteAsync_InANamedPipeline_TagsRetriesWithThePipelineNameAndTheErrorType()
    {
        // On main every retry was retry.name="default" unless RetryOptions.Name was set by hand.
        using var attempts = new MetricCollector<long>(ResilienceMetrics.RetryAttempts);
        var pipeline = new ResiliencePipelineBuilder { Name = _name }
            .AddRetry(new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero })
            .Build();

        var act = () => pipeline.ExecuteAsync<int>(static _ => throw new TimeoutException()).AsTask();

        await act.Should().ThrowAsync<TimeoutException>();
        var attempt = attempts.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags[ResilienceTelemetryNames.RetryNameTag], _name)).Subject;
        attempt.Tags[ResilienceTelemetryNames.ErrorTypeTag].Should().Be("System.TimeoutException");
    }

    [Fact]
    public async Task ExecuteAsync_HttpResultRetried_ErrorTypeIsTheStatusCode()
    {
        using var attempts = new MetricCollector<long>(ResilienceMetrics.RetryAttempts);
        var pipeline = Pipeline(new RetryOptions
        {
            MaxAttempts = 2,
            ShouldHandle = static a => a.Result is HttpResponseMessage { IsSuccessStatusCode: false },
        });

        using var response = await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)));

        attempts.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags[ResilienceTelemetryNames.RetryNameTag], _name))
            .Which.Tags[ResilienceTelemetryNames.ErrorTypeTag].Should().Be("503");
    }

    [Fact]
    public void Options_Name_DefaultsToNull_SoTheStageTakesItsPipelineName()
    {
        new RetryOptions().Name.Should().BeNull();
    }

    private ResiliencePipeline Pipeline(RetryOptions options)
    {
        options.Name = _name;
        options.BaseDelay = TimeSpan.Zero;
        options.MaxDelay = TimeSpan.Zero;
        options.TelemetryListener = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs))).CreateResilienceTelemetryListener();
        return new ResiliencePipelineBuilder().AddRetry(options).Build();
    }

    private long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot()
        .Where(m => Equals(m.Tags[ResilienceTelemetryNames.RetryNameTag], _name))
        .Sum(m => m.Value);
}

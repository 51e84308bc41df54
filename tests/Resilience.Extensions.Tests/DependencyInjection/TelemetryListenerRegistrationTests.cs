using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.CircuitBreaking;
using Resilience.Registry;
using Resilience.Telemetry;

namespace Resilience.Extensions.Tests.DependencyInjection;

/// <summary>AddResilience wires the ILogger adapter from the container: profiles, the registry and its breakers log
/// without the application setting a listener, and an application's own listener replaces it.</summary>
public sealed class TelemetryListenerRegistrationTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AddResilience_WithLogging_ProfileRetryAndRegistryBreakerLogToTheContainersLoggers()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        services.AddResilience().AddServiceProfile("payment-api", r =>
        {
            r.MaxAttempts = 2;
            r.BaseDelay = TimeSpan.Zero;
            r.MaxDelay = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();
        var logs = provider.GetRequiredService<FakeLogCollector>();
        var pipeline = provider.GetRequiredKeyedService<ResiliencePipeline>("payment-api");
        var calls = 0;

        await pipeline.ExecuteAsync(_ => ++calls == 1 ? throw new IOException() : ValueTask.FromResult(1));
        provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api").Isolate();

        var records = logs.GetSnapshot();
        records.Should().ContainSingle(r => r.Id.Id == ResilienceEventIds.RetryAttempt)
            .Which.Category.Should().Be("Resilience.Retry");
        records.Should().ContainSingle(r => r.Id.Id == ResilienceEventIds.CircuitIsolated)
            .Which.Category.Should().Be("Resilience.CircuitBreaking");
        provider.GetRequiredService<ResilienceTelemetryListener>().Should().BeSameAs(provider.GetRequiredService<ResilienceTelemetryListener>());
    }

    [Fact]
    public void AddResilience_ApplicationListenerRegisteredFirst_ReceivesTheEventsInstead()
    {
        var listener = new CountingListener();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ResilienceTelemetryListener>(listener);
        services.AddResilience();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api").Isolate();

        listener.Ids.Should().Equal(ResilienceEventIds.CircuitIsolated);
    }

    [Fact]
    public void AddResilience_WithoutLogging_ResolvesAndRaisesNothing()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddResilience();
        using var provider = services.BuildServiceProvider();

        var breaker = provider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate("payment-api");
        breaker.Isolate();

        breaker.State.Should().Be(CircuitState.Isolated);
        provider.GetRequiredService<ResilienceTelemetryListener>().IsEnabled(ResilienceEventSource.CircuitBreaker, ResilienceEventSeverity.Error)
            .Should().BeFalse("no logger provider: the adapter's loggers are disabled, so no event is built");
    }

    private sealed class CountingListener : ResilienceTelemetryListener
    {
        public List<int> Ids { get; } = [];

        public override void Write(in ResilienceEvent resilienceEvent) => Ids.Add(resilienceEvent.Id);
    }
}

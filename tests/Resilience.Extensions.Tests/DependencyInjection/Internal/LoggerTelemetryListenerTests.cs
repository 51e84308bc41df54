using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Hedging;
using Resilience.Hedging.Internal;
using Resilience.Retry.Internal;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Timeout.Internal;

namespace Resilience.Extensions.Tests.DependencyInjection.Internal;

/// <summary>
/// The ILogger adapter writes each event exactly as the source-generated <c>LoggerMessage</c> methods the library used
/// before the seam did: <see cref="Legacy"/> keeps those definitions verbatim, and each test compares both records.
/// </summary>
public sealed partial class LoggerTelemetryListenerTests : IDisposable
{
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _factory;
    private readonly ResilienceTelemetryListener _listener;
    private readonly FakeLogger _legacy = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public LoggerTelemetryListenerTests()
    {
        _factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Trace));
        _listener = _factory.CreateResilienceTelemetryListener();

        // A culture with a comma decimal separator: the messages must not depend on it.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        _factory.Dispose();
    }

    public static TheoryData<string> Events() =>
    [
        "CircuitOpened", "CircuitOpenedNullReason", "CircuitClosed", "CircuitHalfOpened", "CircuitIsolated", "OptionsReloaded", "OptionsReloadRejected",
        "StateChangedHandlerFailed", "BreakDurationGeneratorFailed", "SlowCall", "StaleOutcome",
        "RetryAttempt", "RetryAttemptNoError", "RetryBudgetExhausted", "TimedOut", "TimeoutAbandoned",
        "HedgedAttempt", "HedgingBudgetExhausted", "HedgingCallbackFailed",
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Write_LogsWhatLoggerMessageLogged(string name)
    {
        var (category, raise, legacy) = Cases()[name];

        raise();
        legacy(_legacy);

        var actual = _logs.LatestRecord;
        var expected = _legacy.LatestRecord;
        actual.Category.Should().Be(category);
        actual.Level.Should().Be(expected.Level);
        actual.Id.Should().Be(expected.Id);
        actual.Id.Name.Should().Be(expected.Id.Name);
        actual.Message.Should().Be(expected.Message);
        actual.Exception.Should().BeNull();
        actual.StructuredState.Should().Equal(expected.StructuredState, "the same keys ({OriginalFormat} last) and the same values");
    }

    [Fact]
    public void Write_DisabledLevel_LogsNothingAndBuildsNoEvent()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Error));
        var listener = factory.CreateResilienceTelemetryListener();

        listener.IsEnabled(ResilienceEventSource.Retry, ResilienceEventSeverity.Warning).Should().BeFalse();
        listener.IsEnabled(ResilienceEventSource.Timeout, ResilienceEventSeverity.Error).Should().BeTrue();
        RetryLog.BudgetExhausted(listener, "svc", 1, 3, new OutcomeArguments(new IOException(), null, ResilienceContext.Get()));

        _logs.Count.Should().Be(0);
    }

    [Fact]
    public void CreateResilienceTelemetryListener_NullFactory_Throws()
    {
        var act = () => ((ILoggerFactory)null!).CreateResilienceTelemetryListener();

        act.Should().Throw<ArgumentNullException>();
    }

    private Dictionary<string, (string Category, Action Raise, Action<ILogger> Legacy)> Cases()
    {
        const string Breaker = "Resilience.CircuitBreaking";
        var failed = new OutcomeArguments(new IOException("https://host/?token=secret"), null, ResilienceContext.Get());
        var empty = new OutcomeArguments(null, null, ResilienceContext.Get());
        var delay = TimeSpan.FromMilliseconds(1234.5);
        return new()
        {
            ["CircuitOpened"] = (Breaker, () => Log.CircuitOpened(_listener, "payment-api", "FailureThresholdReached", TimeSpan.FromSeconds(60.5)),
                l => Legacy.CircuitOpened(l, "payment-api", "FailureThresholdReached", TimeSpan.FromSeconds(60.5))),
            ["CircuitOpenedNullReason"] = (Breaker, () => Log.CircuitOpened(_listener, "payment-api", null, TimeSpan.Zero),
                l => Legacy.CircuitOpened(l, "payment-api", null, TimeSpan.Zero)),
            ["CircuitClosed"] = (Breaker, () => Log.CircuitClosed(_listener, "payment-api", "ProbesSucceeded"), l => Legacy.CircuitClosed(l, "payment-api", "ProbesSucceeded")),
            ["CircuitHalfOpened"] = (Breaker, () => Log.CircuitHalfOpened(_listener, "payment-api"), l => Legacy.CircuitHalfOpened(l, "payment-api")),
            ["CircuitIsolated"] = (Breaker, () => Log.CircuitIsolated(_listener, "payment-api"), l => Legacy.CircuitIsolated(l, "payment-api")),
            ["OptionsReloaded"] = (Breaker, () => Log.OptionsReloaded(_listener, "payment-api"), l => Legacy.OptionsReloaded(l, "payment-api")),
            ["OptionsReloadRejected"] = (Breaker, () => Log.OptionsReloadRejected(_listener, "payment-api", "FailureRatio must be in (0, 1], but was 1.5."),
                l => Legacy.OptionsReloadRejected(l, "payment-api", "FailureRatio must be in (0, 1], but was 1.5.")),
            ["StateChangedHandlerFailed"] = (Breaker, () => Log.StateChangedHandlerFailed(_listener, "payment-api", "System.InvalidOperationException", 4),
                l => Legacy.StateChangedHandlerFailed(l, "payment-api", "System.InvalidOperationException", 4)),
            ["BreakDurationGeneratorFailed"] = (Breaker, () => Log.BreakDurationGeneratorFailed(_listener, "payment-api", "System.InvalidOperationException", 1),
                l => Legacy.BreakDurationGeneratorFailed(l, "payment-api", "System.InvalidOperationException", 1)),
            ["SlowCall"] = (Breaker, () => Log.SlowCall(_listener, "payment-api", 2), l => Legacy.SlowCall(l, "payment-api", 2)),
            ["StaleOutcome"] = (Breaker, () => Log.StaleOutcome(_listener, "payment-api", 8), l => Legacy.StaleOutcome(l, "payment-api", 8)),
            ["RetryAttempt"] = ("Resilience.Retry", () => RetryLog.RetryAttempt(_listener, "svc", 2, 3, delay, failed),
                l => Legacy.RetryAttempt(l, 2, 3, delay, "System.IO.IOException")),
            ["RetryAttemptNoError"] = ("Resilience.Retry", () => RetryLog.RetryAttempt(_listener, "svc", 1, 3, delay, empty),
                l => Legacy.RetryAttempt(l, 1, 3, delay, null)),
            ["RetryBudgetExhausted"] = ("Resilience.Retry", () => RetryLog.BudgetExhausted(_listener, "svc", 1, 3, failed),
                l => Legacy.BudgetExhausted(l, 1, 3, "System.IO.IOException")),
            ["TimedOut"] = ("Resilience.Timeout", () => TimeoutLog.TimedOut(_listener, "default", "health_check", TimeSpan.FromSeconds(10)),
                l => Legacy.TimedOut(l, "health_check", TimeSpan.FromSeconds(10))),
            ["TimeoutAbandoned"] = ("Resilience.Timeout", () => TimeoutLog.Abandoned(_listener, "default", "health_check", TimeSpan.FromSeconds(10)),
                l => Legacy.Abandoned(l, "health_check", TimeSpan.FromSeconds(10))),
            ["HedgedAttempt"] = ("Resilience.Hedging", () => HedgingLog.HedgedAttempt(_listener, "search", 1, 2, "delay"), l => Legacy.HedgedAttempt(l, "search", 1, 2, "delay")),
            ["HedgingBudgetExhausted"] = ("Resilience.Hedging", () => HedgingLog.BudgetExhausted(_listener, "search", 2), l => Legacy.HedgingBudgetExhausted(l, "search", 2)),
            ["HedgingCallbackFailed"] = ("Resilience.Hedging", () => HedgingLog.CallbackFailed(_listener, "search", "OnHedging", null),
                l => Legacy.CallbackFailed(l, "search", "OnHedging", null)),
        };
    }

    /// <summary>The library's log definitions before the seam, verbatim (Telemetry/Internal/Log.cs, RetryLog, TimeoutLog, HedgingLog).</summary>
    private static partial class Legacy
    {
        [LoggerMessage(EventId = ResilienceEventIds.CircuitOpened, EventName = "CircuitOpened", Level = LogLevel.Warning,
            Message = "Circuit breaker '{CircuitBreakerName}' opened ({Reason}); calls are rejected for {BreakDuration}.")]
        public static partial void CircuitOpened(ILogger logger, string circuitBreakerName, string? reason, TimeSpan breakDuration);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitClosed, EventName = "CircuitClosed", Level = LogLevel.Information,
            Message = "Circuit breaker '{CircuitBreakerName}' closed ({Reason}).")]
        public static partial void CircuitClosed(ILogger logger, string circuitBreakerName, string? reason);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitHalfOpened, EventName = "CircuitHalfOpened", Level = LogLevel.Information,
            Message = "Circuit breaker '{CircuitBreakerName}' is half-open: probe calls are allowed.")]
        public static partial void CircuitHalfOpened(ILogger logger, string circuitBreakerName);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitIsolated, EventName = "CircuitIsolated", Level = LogLevel.Warning,
            Message = "Circuit breaker '{CircuitBreakerName}' was isolated by hand: every call is rejected until it is reset.")]
        public static partial void CircuitIsolated(ILogger logger, string circuitBreakerName);

        [LoggerMessage(EventId = ResilienceEventIds.OptionsReloaded, EventName = "OptionsReloaded", Level = LogLevel.Information,
            Message = "Circuit breaker '{CircuitBreakerName}' now uses its reloaded options.")]
        public static partial void OptionsReloaded(ILogger logger, string circuitBreakerName);

        [LoggerMessage(EventId = ResilienceEventIds.OptionsReloadRejected, EventName = "OptionsReloadRejected", Level = LogLevel.Error,
            Message = "Circuit breaker '{CircuitBreakerName}' keeps its previous options: the reloaded ones are invalid. {Errors}")]
        public static partial void OptionsReloadRejected(ILogger logger, string circuitBreakerName, string errors);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitStateChangedHandlerFailed, EventName = "CircuitStateChangedHandlerFailed", Level = LogLevel.Error,
            Message = "A StateChanged handler of circuit breaker '{CircuitBreakerName}' threw {ErrorType}; the breaker and the other handlers went on ({Occurrences} so far, logged at powers of two).")]
        public static partial void StateChangedHandlerFailed(ILogger logger, string circuitBreakerName, string errorType, long occurrences);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitBreakDurationGeneratorFailed, EventName = "CircuitBreakDurationGeneratorFailed", Level = LogLevel.Error,
            Message = "The BreakDurationGenerator of circuit breaker '{CircuitBreakerName}' threw {ErrorType}; the default break schedule applied ({Occurrences} so far, logged at powers of two).")]
        public static partial void BreakDurationGeneratorFailed(ILogger logger, string circuitBreakerName, string errorType, long occurrences);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitSlowCall, EventName = "CircuitSlowCall", Level = LogLevel.Warning,
            Message = "A call through circuit breaker '{CircuitBreakerName}' succeeded slower than its SlowCallDuration and counted as a failure ({Occurrences} so far, logged at powers of two).")]
        public static partial void SlowCall(ILogger logger, string circuitBreakerName, long occurrences);

        [LoggerMessage(EventId = ResilienceEventIds.CircuitStaleOutcome, EventName = "CircuitStaleOutcome", Level = LogLevel.Debug,
            Message = "An outcome for circuit breaker '{CircuitBreakerName}' arrived after the circuit changed state since its call was admitted and counted nowhere ({Occurrences} so far, logged at powers of two).")]
        public static partial void StaleOutcome(ILogger logger, string circuitBreakerName, long occurrences);

        [LoggerMessage(EventId = ResilienceEventIds.RetryAttempt, Level = LogLevel.Warning, Message = "Retry attempt {Attempt}/{MaxAttempts} after {Delay} delay. Error: {Error}")]
        public static partial void RetryAttempt(ILogger logger, int attempt, int maxAttempts, TimeSpan delay, string? error);

        [LoggerMessage(EventId = ResilienceEventIds.RetryBudgetExhausted, Level = LogLevel.Warning, Message = "Retry budget exhausted: attempt {Attempt}/{MaxAttempts} fails without a retry. Error: {Error}")]
        public static partial void BudgetExhausted(ILogger logger, int attempt, int maxAttempts, string? error);

        [LoggerMessage(EventId = ResilienceEventIds.TimedOut, Level = LogLevel.Error, Message = "Operation '{OperationType}' timed out after {Timeout}")]
        public static partial void TimedOut(ILogger logger, string operationType, TimeSpan timeout);

        [LoggerMessage(
            EventId = ResilienceEventIds.TimeoutAbandoned,
            Level = LogLevel.Error,
            Message = "Operation '{OperationType}' timed out after {Timeout}; stopped waiting for it (it ignores its cancellation token and may still be running)")]
        public static partial void Abandoned(ILogger logger, string operationType, TimeSpan timeout);

        [LoggerMessage(EventId = HedgingConstants.HedgedAttemptEventId, EventName = "HedgedAttempt", Level = LogLevel.Information,
            Message = "Hedging '{HedgingName}' starts attempt {Attempt}/{MaxHedgedAttempts} ({Trigger}).")]
        public static partial void HedgedAttempt(ILogger logger, string hedgingName, int attempt, int maxHedgedAttempts, string trigger);

        [LoggerMessage(EventId = HedgingConstants.BudgetExhaustedEventId, EventName = "HedgingBudgetExhausted", Level = LogLevel.Warning,
            Message = "Hedging '{HedgingName}': the retry budget is spent; attempt {Attempt} is not started.")]
        public static partial void HedgingBudgetExhausted(ILogger logger, string hedgingName, int attempt);

        [LoggerMessage(EventId = HedgingConstants.CallbackFailedEventId, EventName = "HedgingCallbackFailed", Level = LogLevel.Error,
            Message = "Hedging '{HedgingName}': the {Callback} callback threw {ErrorType}; the call goes on without it.")]
        public static partial void CallbackFailed(ILogger logger, string hedgingName, string callback, string? errorType);
    }
}

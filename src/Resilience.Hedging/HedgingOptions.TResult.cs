using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.Hedging;

/// <summary>Options of a <see cref="HedgingStrategy{TResult}"/>: when to start another attempt and what counts as an answer.</summary>
/// <typeparam name="TResult">The type of the result the hedged operation produces.</typeparam>
/// <remarks>The stage copies the options when it is created, so changing them afterwards does not change a running stage.</remarks>
public class HedgingOptions<TResult> : IValidatableOptions
{
    /// <summary>Gets or sets the name of the stage in telemetry (the <c>hedging.name</c> tag): usually the service name.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string Name { get; set; } = HedgingConstants.DefaultName;

    /// <summary>Gets or sets the number of attempts that may be started besides the primary one.</summary>
    /// <value>The default value is 1. Must be between 1 and 10.</value>
    public int MaxHedgedAttempts { get; set; } = HedgingConstants.DefaultMaxHedgedAttempts;

    /// <summary>Gets or sets how long to wait for an answer before starting the next attempt.</summary>
    /// <value>
    /// The default value is 2 seconds. <see cref="TimeSpan.Zero"/> starts every attempt at once (parallel mode);
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> starts an attempt only when one fails (fallback mode).
    /// Otherwise it must be between 0 and 1 day.
    /// </value>
    public TimeSpan Delay { get; set; } = HedgingConstants.DefaultDelay;

    /// <summary>Gets or sets a function that computes the delay before each hedged attempt, replacing <see cref="Delay"/>.</summary>
    /// <value>The default value is <see langword="null"/>. A returned value must satisfy the rules of <see cref="Delay"/>;
    /// a negative one (other than infinite) starts the attempt at once and a longer one than 1 day waits 1 day.</value>
    public Func<HedgingDelayArguments, TimeSpan>? DelayGenerator { get; set; }

    /// <summary>Gets or sets the predicate that decides whether an attempt's outcome is a failure (so it does not win, and
    /// the next attempt starts at once) rather than an answer.</summary>
    /// <value>The default value is <see langword="null"/>: every exception and every rejection is a failure, except an
    /// <see cref="OperationCanceledException"/> raised because the caller cancelled; every result is an answer.</value>
    public Func<OutcomeArguments, bool>? ShouldHandle { get; set; }

    /// <summary>Gets or sets a function that produces what a hedged attempt runs (for example the same request against
    /// another endpoint). It returns <see langword="null"/> to start no further attempts.</summary>
    /// <value>The default value is <see langword="null"/>: every hedged attempt runs the rest of the pipeline again.</value>
    public Func<HedgingActionArguments<TResult>, Func<ValueTask<Outcome<TResult>>>?>? ActionGenerator { get; set; }

    /// <summary>Gets or sets a callback invoked when a hedged attempt is about to start.</summary>
    /// <value>The default value is <see langword="null"/>. An exception it throws is logged and counted, and the attempt still starts.</value>
    public Func<OnHedgingArguments, ValueTask>? OnHedging { get; set; }

    /// <summary>Gets or sets a retry budget: every hedged attempt withdraws one retry from it, and a spent budget starts no
    /// further attempts (the call then waits for the attempts already running). Share one budget per service.</summary>
    /// <value>The default value is <see langword="null"/> (no budget). The stage records each call in it as the retry stage does;
    /// a retry stage in the same pipeline may share the budget: the call is counted once, and each retry and each hedged attempt withdraws one.</value>
    public Retry.RetryBudget? Budget { get; set; }

    /// <summary>Gets or sets the listener that receives the stage's events (each hedged attempt, a refused one, a callback
    /// that threw); the dependency-injection integration sets one that logs them (category <c>Resilience.Hedging</c>).</summary>
    /// <value>The default value is <see langword="null"/> (no events).</value>
    public ResilienceTelemetryListener? TelemetryListener { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(MaxHedgedAttempts, 1, HedgingConstants.MaxHedgedAttemptsLimit, nameof(MaxHedgedAttempts));
        guard.Check(
            Delay == System.Threading.Timeout.InfiniteTimeSpan || (Delay >= TimeSpan.Zero && Delay <= HedgingConstants.LongestDelay),
            nameof(Delay),
            $"must be between {OptionsGuard.Format(TimeSpan.Zero)} and {OptionsGuard.Format(HedgingConstants.LongestDelay)}, or infinite",
            Delay);
        guard.Check(!string.IsNullOrEmpty(Name), nameof(Name), "must not be empty", Name);
        return guard.Errors;
    }
}

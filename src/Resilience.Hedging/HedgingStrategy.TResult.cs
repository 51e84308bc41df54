using Resilience.Hedging.Internal;
using Resilience.Internal;
using Resilience.Retry;
using Resilience.Telemetry;

namespace Resilience.Hedging;

/// <summary>
/// A pipeline stage that starts another attempt when the running ones have not answered within a delay (or at once when
/// one fails), up to <see cref="HedgingOptions{TResult}.MaxHedgedAttempts"/> extra attempts. The first acceptable outcome
/// wins; every other attempt is cancelled <b>and awaited</b> before the call returns, and its result is disposed when it is
/// <see cref="IDisposable"/> (such as an <c>HttpResponseMessage</c>). Add it with <c>AddHedging</c>.
/// </summary>
/// <typeparam name="TResult">The type of the result the hedged operation produces.</typeparam>
/// <remarks>
/// <para>Hedging cuts tail latency at the price of extra load: only hedge operations that are safe to run twice
/// (idempotent). Each hedged attempt runs with its own <see cref="ResilienceContext"/> (its own cancellation token, a copy
/// of the caller's properties, <see cref="ResilienceContext.AttemptNumber"/> = the attempt's number); the winner's
/// properties are copied back into the caller's context, whose <see cref="ResilienceContext.AttemptNumber"/> then holds the
/// winner's number. When every attempt fails, the last failure is returned and earlier failed results are disposed.</para>
/// <para>Hedged attempts withdraw from <see cref="HedgingOptions{TResult}.Budget"/>, so hedging cannot multiply the load on
/// a sick service beyond the budget. Calls whose result type is not <typeparamref name="TResult"/> pass through untouched.</para>
/// <para>Thread-safe. A primary attempt that answers synchronously costs no allocation; a call that has to wait allocates
/// its race (tasks, a timer, one linked token source per hedged attempt).</para>
/// </remarks>
public sealed class HedgingStrategy<TResult> : ResilienceStrategy
{
    private static readonly ObjectPool<CancellationTokenSource> TokenSources = new(static () => new CancellationTokenSource());

    private readonly HedgingOptions<TResult> _options;
    private readonly Func<OutcomeArguments, bool>? _shouldHandle;

    /// <summary>Initializes a new instance of the <see cref="HedgingStrategy{TResult}"/> class.</summary>
    /// <param name="options">The options; they are copied.</param>
    /// <param name="timeProvider">The clock the delays wait on; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names the option and the value.</exception>
    public HedgingStrategy(HedgingOptions<TResult> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        Name = options.Name;
        MaxHedgedAttempts = options.MaxHedgedAttempts;
        Delay = options.Delay;
        DelayGenerator = options.DelayGenerator;
        _shouldHandle = options.ShouldHandle;
        ActionGenerator = options.ActionGenerator;
        OnHedging = options.OnHedging;
        Budget = options.Budget;
        TelemetryListener = options.TelemetryListener;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the stage's name in telemetry.</summary>
    public string Name { get; }

    /// <summary>Gets the number of attempts that may be started besides the primary one.</summary>
    public int MaxHedgedAttempts { get; }

    internal TimeSpan Delay { get; }

    internal Func<HedgingDelayArguments, TimeSpan>? DelayGenerator { get; }

    internal Func<HedgingActionArguments<TResult>, Func<ValueTask<Outcome<TResult>>>?>? ActionGenerator { get; }

    internal Func<OnHedgingArguments, ValueTask>? OnHedging { get; }

    internal RetryBudget? Budget { get; }

    internal ResilienceTelemetryListener? TelemetryListener { get; }

    internal TimeProvider TimeProvider { get; }

    /// <inheritdoc/>
    public override object? Options => _options;

    /// <inheritdoc/>
    protected override ValueTask<Outcome<TR>> ExecuteCoreAsync<TR, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    /// <summary>The stage's work, non-virtual so a pipeline can call it directly.</summary>
    internal ValueTask<Outcome<TR>> ExecuteStageAsync<TR, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (typeof(TR) != typeof(TResult))
        {
            return callback(context, state);
        }

        Budget?.RecordCall(context);
        var callerToken = context.CancellationToken;

        // The primary gets its own token so that a winning hedge can cancel it. Perf: the source is pooled and linked
        // to the caller's token by a registration, so a primary that answers at once allocates nothing.
        var primarySource = TokenSources.Get();
        var registration = callerToken.CanBeCanceled
            ? callerToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), primarySource)
            : default;
        context.CancellationToken = primarySource.Token;
        context.AttemptNumber = 0;
        ValueTask<Outcome<TR>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch
        {
            ReleasePrimary(context, primarySource, registration, callerToken);
            throw;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return new HedgedCall<TResult, TR, TState>(this, callback, context, state, callerToken).RunAsync(pending, primarySource, registration);
        }

        var outcome = pending.Result;
        if (!IsFailure(outcome, context, callerToken))
        {
            ReleasePrimary(context, primarySource, registration, callerToken);
            return new ValueTask<Outcome<TR>>(outcome);
        }

        return new HedgedCall<TResult, TR, TState>(this, callback, context, state, callerToken)
            .RunAsync(new ValueTask<Outcome<TR>>(outcome), primarySource, registration);
    }

    /// <summary>Decides whether an attempt's outcome is a failure (it cannot win) rather than an answer.</summary>
    internal bool IsFailure<TR>(in Outcome<TR> outcome, ResilienceContext context, CancellationToken callerToken)
    {
        // The caller's own cancellation is an answer: nothing more is started and the call ends with it.
        if (callerToken.IsCancellationRequested && outcome is { HasResult: false, IsRejected: false } && outcome.Exception is OperationCanceledException)
        {
            return false;
        }

        return _shouldHandle is null ? !outcome.HasResult : _shouldHandle(OutcomeArguments.From(outcome, context));
    }

    /// <summary>Restores the caller's token and gives the primary's token source back (or drops it once it was cancelled).</summary>
    internal static void ReleasePrimary(ResilienceContext context, CancellationTokenSource source, CancellationTokenRegistration registration, CancellationToken callerToken)
    {
        // Disposing the registration first waits for a cancellation callback in flight, so the source is quiet before reuse.
        registration.Dispose();
        context.CancellationToken = callerToken;
        if (source.TryReset())
        {
            TokenSources.Return(source);
        }
        else
        {
            source.Dispose();
        }
    }
}

using System.Runtime.CompilerServices;
using Resilience.Internal;
using Resilience.Retry.Internal;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Retry;

/// <summary>
/// A pipeline stage that retries failed attempts with exponential, jittered backoff, honouring server hints, a retry
/// budget and the caller's cancellation. Add it with <c>AddRetry</c>.
/// </summary>
/// <remarks>
/// <para>The stage sets <see cref="ResilienceContext.AttemptNumber"/> (0 for the first call) before each attempt; after the call
/// it holds the number of the last attempt made.</para>
/// <para>When attempts run out, or a failure is not retried, the last outcome is returned unchanged, so the public API throws
/// the last exception with its original stack trace. A result of a failed attempt that is <see cref="IDisposable"/> (such as
/// an HTTP response) is disposed before the next attempt, and also when a user callback (<c>ShouldHandle</c>,
/// <c>RetryAfterExtractor</c>, <c>DelayGenerator</c>, <c>OnRetry</c>) throws: the call then fails with that callback's exception.</para>
/// <para>Thread-safe: one instance serves every call through its pipeline. The success path allocates nothing.</para>
/// </remarks>
public sealed class RetryStrategy : ResilienceStrategy
{
    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly double _exponentialBase;
    private readonly JitterMode _jitter;
    private readonly Func<OutcomeArguments, TimeSpan?>? _delayGenerator;
    private readonly Func<OutcomeArguments, TimeSpan?>? _retryAfterExtractor;
    private readonly TimeSpan _maxRetryAfter;
    private readonly Func<OutcomeArguments, bool>? _shouldHandle;
    private readonly Func<OnRetryArguments, ValueTask>? _onRetry;
    private readonly RetryBudget? _budget;
    private readonly Func<double> _randomizer;
    private readonly ResilienceTelemetryListener? _telemetryListener;
    private readonly TimeProvider _timeProvider;
    private readonly string _name;
    private readonly RetryOptions _options;

    /// <summary>Initializes a new instance of the <see cref="RetryStrategy"/> class.</summary>
    /// <param name="options">The options; they are copied.</param>
    /// <param name="timeProvider">The clock the delays wait on; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names the option and the value.</exception>
    public RetryStrategy(RetryOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, pipelineName: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RetryStrategy"/> class that takes its pipeline's name when the options name none.</summary>
    internal RetryStrategy(RetryOptions options, TimeProvider? timeProvider, string? pipelineName)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _options = options;
        _maxAttempts = options.MaxAttempts;
        _baseDelay = options.BaseDelay;
        _maxDelay = options.MaxDelay;
        _exponentialBase = options.ExponentialBase;
        _jitter = options.Jitter;
        _delayGenerator = options.DelayGenerator;
        _retryAfterExtractor = options.RetryAfterExtractor;
        _maxRetryAfter = options.MaxRetryAfter;
        _shouldHandle = options.ShouldHandle;
        _onRetry = options.OnRetry;
        _budget = options.Budget;
        _randomizer = options.Randomizer ?? Random.Shared.NextDouble;
        _telemetryListener = options.TelemetryListener;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _name = !string.IsNullOrEmpty(options.Name) ? options.Name
            : !string.IsNullOrEmpty(pipelineName) ? pipelineName
            : RetryConstants.DefaultName;
    }

    /// <summary>Gets the <see cref="RetryOptions"/> the stage was built from.</summary>
    public override object? Options => _options;

    /// <inheritdoc/>
    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    /// <summary>The stage's work, non-virtual so a pipeline calls it directly (see <see cref="Resilience.Internal.StageDispatcher"/>).</summary>
    internal ValueTask<Outcome<TResult>> ExecuteStageAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        _budget?.RecordCall(context);
        var callerToken = context.CancellationToken;
        context.AttemptNumber = 0;
        var pending = callback(context, state);
        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;

            // Perf: a result with no result predicate is final; no state machine, no arguments, no allocation.
            if (outcome.HasResult)
            {
                if (_shouldHandle is null)
                {
                    return new ValueTask<Outcome<TResult>>(outcome);
                }

                // Perf: a result the predicate does not handle (an HTTP 200) is final too, without the retry loop's state
                // machine; the predicate runs once per attempt either way (the loop is told it already handled this one).
                bool handled;
                try
                {
                    handled = !callerToken.IsCancellationRequested && _shouldHandle(OutcomeArguments.From(outcome, context));
                }
#pragma warning disable CA1031 // A throwing predicate faults the returned task, as on the asynchronous path.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    DisposeResult(outcome);
                    return ValueTask.FromException<Outcome<TResult>>(ex);
                }

                if (!handled)
                {
                    return new ValueTask<Outcome<TResult>>(outcome);
                }

                return RetryAsync(callback, context, state, outcome, callerToken, firstHandled: true);
            }

            return RetryAsync(callback, context, state, outcome, callerToken);
        }

        return AwaitFirstAttemptAsync(pending, callback, context, state, callerToken);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TResult>> AwaitFirstAttemptAsync<TResult, TState>(
        ValueTask<Outcome<TResult>> pending,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state,
        CancellationToken callerToken)
    {
        var outcome = await pending.ConfigureAwait(false);
        return _shouldHandle is null && outcome.HasResult
            ? outcome
            : await RetryAsync(callback, context, state, outcome, callerToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TResult>> RetryAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state,
        Outcome<TResult> outcome,
        CancellationToken callerToken,
        bool firstHandled = false)
    {
        var attempt = 0;
        var decorrelated = 0.0;
        while (true)
        {
            OutcomeArguments arguments;
            TimeSpan delay;
            try
            {
                if (!TryGetRetryDelay(outcome, context, callerToken.IsCancellationRequested, attempt, firstHandled, ref decorrelated, out arguments, out delay))
                {
                    return outcome;
                }

                RetryLog.RetryAttempt(_telemetryListener, _name, attempt + 1, _maxAttempts, delay, arguments);
                ResilienceMetrics.RecordRetryAttempt(_name, arguments);
                ResilienceActivities.Retry(_name, attempt + 1, delay);
                if (_onRetry is not null)
                {
                    await _onRetry(new OnRetryArguments(arguments, attempt, delay)).ConfigureAwait(false);
                }
            }
            catch
            {
                // A user callback threw: the caller gets its exception, never this result, so nobody else could
                // release what the result holds.
                DisposeResult(outcome);
                throw;
            }

            // A failed attempt's disposable result (an HTTP response holds a connection) is released before the next one.
            DisposeResult(outcome);

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _timeProvider, callerToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex)
                {
                    return Outcome.FromException<TResult>(ex);
                }
            }

            attempt++;
            firstHandled = false;
            context.AttemptNumber = attempt;
            context.CancellationToken = callerToken;
            outcome = await callback(context, state).ConfigureAwait(false);
        }
    }

    private static void DisposeResult<TResult>(in Outcome<TResult> outcome)
    {
        if (outcome.HasResult && outcome.Result is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private bool TryGetRetryDelay<TResult>(
        in Outcome<TResult> outcome,
        ResilienceContext context,
        bool callerCancelled,
        int attempt,
        bool knownHandled,
        ref double decorrelated,
        out OutcomeArguments arguments,
        out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        arguments = default;

        // The caller's own cancellation is never retried, whatever the predicate says.
        if (callerCancelled)
        {
            return false;
        }

        arguments = OutcomeArguments.From(outcome, context);
        var rejected = outcome.IsRejected;
        var handled = knownHandled
            || rejected
            || (_shouldHandle is not null ? _shouldHandle(arguments) : !outcome.HasResult && RetryPredicates.IsTransient(outcome.Exception));
        if (!handled)
        {
            return false;
        }

        if (attempt + 1 >= _maxAttempts)
        {
            if (_maxAttempts > 1)
            {
                ResilienceMetrics.RecordRetriesExhausted(_name, arguments);
            }

            return false;
        }

        delay = GetDelay(arguments, attempt, ref decorrelated);

        // A rejection (an open circuit) is retried only if it will be over by the time the next attempt runs.
        if (rejected && (outcome.RetryAfter is not { } retryAfter || retryAfter > delay))
        {
            return false;
        }

        if (_budget is not null && !_budget.TryAcquireRetry())
        {
            RetryLog.BudgetExhausted(_telemetryListener, _name, attempt + 1, _maxAttempts, arguments);
            ResilienceMetrics.RecordRetryBudgetExhausted(_name, arguments);
            return false;
        }

        return true;
    }

    private TimeSpan GetDelay(in OutcomeArguments arguments, int attempt, ref double decorrelated)
    {
        if (_retryAfterExtractor?.Invoke(arguments) is { } hint)
        {
            return Clamp(hint, _maxRetryAfter);
        }

        var delay = _delayGenerator?.Invoke(arguments)
            ?? RetryBackoff.GetDelay(_jitter, attempt, _baseDelay, _maxDelay, _exponentialBase, ref decorrelated, _randomizer);
        return Clamp(delay, _maxDelay);
    }

    // Timeout.InfiniteTimeSpan ("wait as long as it takes") waits the longest delay allowed; reading it as a negative
    // value would retry at once, the opposite of what it asks. Other negative values (a hint already past) mean no wait.
    private static TimeSpan Clamp(TimeSpan delay, TimeSpan max) =>
        delay == System.Threading.Timeout.InfiniteTimeSpan || delay > max ? max : (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
}


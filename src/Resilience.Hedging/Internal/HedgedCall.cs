using System.Runtime.CompilerServices;

namespace Resilience.Hedging.Internal;

/// <summary>
/// One hedged call that had to wait: the race between its attempts. Created per call on the slow path and used by one
/// call only (not thread-safe: every method runs on the call's own async flow).
/// </summary>
/// <typeparam name="TResult">The stage's result type.</typeparam>
/// <typeparam name="TR">The call's result type; the stage checked it is <typeparamref name="TResult"/>.</typeparam>
/// <typeparam name="TState">The type of the operation's state.</typeparam>
internal sealed class HedgedCall<TResult, TR, TState>
{
    private readonly HedgingStrategy<TResult> _stage;
    private readonly Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> _callback;
    private readonly ResilienceContext _context;
    private readonly TState _state;
    private readonly CancellationToken _callerToken;
    private readonly Attempt[] _attempts;
    private int _started;
    private bool _mayStart = true;

    public HedgedCall(
        HedgingStrategy<TResult> stage,
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state,
        CancellationToken callerToken)
    {
        _stage = stage;
        _callback = callback;
        _context = context;
        _state = state;
        _callerToken = callerToken;
        _attempts = new Attempt[stage.MaxHedgedAttempts + 1];
    }

    private bool CanStart => _mayStart && _started < _attempts.Length && !_callerToken.IsCancellationRequested;

    public async ValueTask<Outcome<TR>> RunAsync(ValueTask<Outcome<TR>> primary, CancellationTokenSource primarySource, CancellationTokenRegistration registration)
    {
        _attempts[0] = new Attempt(ObserveAsync(primary), _context, primarySource);
        _started = 1;
        var winner = -1;
        var lastFailure = -1;
        try
        {
            while (true)
            {
                var finished = await NextEventAsync().ConfigureAwait(false);
                if (finished < 0)
                {
                    // The delay passed without an answer.
                    await StartAsync(afterFailure: false).ConfigureAwait(false);
                    continue;
                }

                _attempts[finished].Done = true;
                var outcome = _attempts[finished].Task.Result;
                if (!_stage.IsFailure(outcome, _attempts[finished].Context, _callerToken))
                {
                    winner = finished;
                    break;
                }

                // Only the newest failure is kept; an older one's result (an HTTP response holds a connection) is released.
                if (lastFailure >= 0)
                {
                    DisposeResult(_attempts[lastFailure].Task.Result);
                }

                lastFailure = finished;
                if (CanStart)
                {
                    await StartAsync(afterFailure: true).ConfigureAwait(false);
                }

                // The budget or the action generator may have refused the next attempt: with none running, this failure is the answer.
                if (!AnyRunning())
                {
                    break;
                }
            }
        }
        finally
        {
            await CancelAndAwaitLosersAsync(winner).ConfigureAwait(false);
            Release(winner >= 0 ? winner : lastFailure, primarySource, registration);
        }

        return _attempts[winner >= 0 ? winner : lastFailure].Task.Result;
    }

    // Waits for the first attempt to finish (its index) or for the hedging delay to pass (-1).
    private async Task<int> NextEventAsync()
    {
        var running = new List<Task>(_attempts.Length + 1);
        for (var i = 0; i < _started; i++)
        {
            if (!_attempts[i].Done)
            {
                running.Add(_attempts[i].Task);
            }
        }

        var delay = CanStart ? GetDelay() : System.Threading.Timeout.InfiniteTimeSpan;
        if (delay == TimeSpan.Zero)
        {
            return -1;
        }

        using var timerSource = delay == System.Threading.Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(_callerToken);
        Task? timer = null;
        if (timerSource is not null)
        {
            timer = Task.Delay(delay, _stage.TimeProvider, timerSource.Token);
            running.Add(timer);
        }

        var first = await Task.WhenAny(running).ConfigureAwait(false);
        if (first == timer)
        {
            // A cancelled timer means the caller cancelled: the attempts see it through their own tokens.
            return timer.IsCanceled ? await NextAfterCancelledTimerAsync().ConfigureAwait(false) : -1;
        }

        timerSource?.Cancel();
        return Array.FindIndex(_attempts, 0, _started, a => a.Task == first);
    }

    private async Task<int> NextAfterCancelledTimerAsync()
    {
        _mayStart = false;
        return await NextEventAsync().ConfigureAwait(false);
    }

    private TimeSpan GetDelay()
    {
        if (_stage.DelayGenerator is not { } generator)
        {
            return _stage.Delay;
        }

        var delay = generator(new HedgingDelayArguments(_context, _started));
        return delay == System.Threading.Timeout.InfiniteTimeSpan ? delay
            : delay < TimeSpan.Zero ? TimeSpan.Zero
            : delay > HedgingConstants.LongestDelay ? HedgingConstants.LongestDelay
            : delay;
    }

    private async ValueTask StartAsync(bool afterFailure)
    {
        var number = _started;
        if (_stage.Budget is { } budget && !budget.TryAcquireRetry())
        {
            HedgingLog.BudgetExhausted(_stage.TelemetryListener, _stage.Name, number);
            HedgingMetrics.RecordBudgetExhausted(_stage.Name);
            _mayStart = false;
            return;
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(_callerToken);
        var context = ResilienceContext.Get(source.Token);
        _context.CopyTo(context);
        context.AttemptNumber = number;
        if (_stage.OnHedging is { } onHedging)
        {
            try
            {
                await onHedging(new OnHedgingArguments(_context, context, number, afterFailure)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing telemetry callback must not fail the call: logged and counted, the attempt still starts.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var errorType = ex.GetType().FullName;
                HedgingLog.CallbackFailed(_stage.TelemetryListener, _stage.Name, nameof(HedgingOptions<TResult>.OnHedging), errorType);
                HedgingMetrics.RecordCallbackError(_stage.Name, HedgingConstants.OnHedgingCallback, errorType);
            }
        }

        Task<Outcome<TR>> task;
        if (_stage.ActionGenerator is { } generator)
        {
            Func<ValueTask<Outcome<TResult>>>? action;
            try
            {
                action = generator(new HedgingActionArguments<TResult>(_context, context, number, RunRestAs));
            }
#pragma warning disable CA1031 // The generator's failure is this attempt's failure, reported as its outcome.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                action = () => new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(ex));
            }

            if (action is null)
            {
                // The generator says no further attempts.
                _mayStart = false;
                ResilienceContext.Return(context);
                source.Dispose();
                return;
            }

            task = ObserveAsync(AsCallResult(action));
        }
        else
        {
            task = ObserveAsync(RunRest(context));
        }

        HedgingLog.HedgedAttempt(_stage.TelemetryListener, _stage.Name, number, _stage.MaxHedgedAttempts, afterFailure ? HedgingConstants.FailureTrigger : HedgingConstants.DelayTrigger);
        HedgingMetrics.RecordAttempt(_stage.Name, afterFailure);
        _attempts[number] = new Attempt(task, context, source);
        _started++;
    }

    private ValueTask<Outcome<TR>> RunRest(ResilienceContext context)
    {
        try
        {
            return _callback(context, _state);
        }
#pragma warning disable CA1031 // A stage that throws instead of returning an outcome: the attempt fails with it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ValueTask<Outcome<TR>>(Outcome.FromException<TR>(ex));
        }
    }

    private ValueTask<Outcome<TResult>> RunRestAs(ResilienceContext context)
    {
        // TR is TResult (the stage checked), so the reinterpretation is exact.
        var pending = RunRest(context);
        return Unsafe.As<ValueTask<Outcome<TR>>, ValueTask<Outcome<TResult>>>(ref pending);
    }

    private static ValueTask<Outcome<TR>> AsCallResult(Func<ValueTask<Outcome<TResult>>> action)
    {
        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = action();
        }
#pragma warning disable CA1031 // The action's synchronous throw is the attempt's failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            pending = new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(ex));
        }

        return Unsafe.As<ValueTask<Outcome<TResult>>, ValueTask<Outcome<TR>>>(ref pending);
    }

    // Every attempt becomes a task that never faults, so a race, a cancellation and the final await cannot lose an exception.
    private static async Task<Outcome<TR>> ObserveAsync(ValueTask<Outcome<TR>> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reported as the attempt's outcome, not thrown past the race.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<TR>(ex);
        }
    }

    private bool AnyRunning()
    {
        for (var i = 0; i < _started; i++)
        {
            if (!_attempts[i].Done)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask CancelAndAwaitLosersAsync(int winner)
    {
        var cancelled = 0;
        for (var i = 0; i < _started; i++)
        {
            if (!_attempts[i].Done && i != winner)
            {
                cancelled++;
                await _attempts[i].Source.CancelAsync().ConfigureAwait(false);
            }
        }

        HedgingMetrics.RecordCancelled(_stage.Name, cancelled);
        for (var i = 0; i < _started; i++)
        {
            if (!_attempts[i].Done)
            {
                // Losers are awaited before the call returns: nothing keeps running (or holds a connection) behind the caller.
                var outcome = await _attempts[i].Task.ConfigureAwait(false);
                _attempts[i].Done = true;
                DisposeResult(outcome);
            }
        }
    }

    private void Release(int kept, CancellationTokenSource primarySource, CancellationTokenRegistration registration)
    {
        if (kept > 0)
        {
            _attempts[kept].Context.CopyTo(_context);
        }

        for (var i = 1; i < _started; i++)
        {
            ResilienceContext.Return(_attempts[i].Context);
            _attempts[i].Source.Dispose();
        }

        HedgingStrategy<TResult>.ReleasePrimary(_context, primarySource, registration, _callerToken);
        _context.AttemptNumber = Math.Max(kept, 0);
    }

    private static void DisposeResult(in Outcome<TR> outcome)
    {
        if (outcome.HasResult && outcome.Result is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private struct Attempt
    {
        public Attempt(Task<Outcome<TR>> task, ResilienceContext context, CancellationTokenSource source)
        {
            Task = task;
            Context = context;
            Source = source;
        }

        public Task<Outcome<TR>> Task { get; }

        public ResilienceContext Context { get; }

        public CancellationTokenSource Source { get; }

        public bool Done { get; set; }
    }
}

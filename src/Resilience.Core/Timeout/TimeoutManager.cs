using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Resilience.Internal;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Timeout.Internal;

namespace Resilience.Timeout;

/// <summary>
/// Runs operations under named timeouts with hierarchical deadlines: a call made inside
/// another timed call never outlives the outer call's deadline, and an operation can read its remaining budget with
/// <see cref="TryGetRemainingTime(CancellationToken, out TimeSpan)"/>.
/// </summary>
/// <remarks>
/// <para>Deadlines flow with the cancellation token the manager hands to the operation: pass that token (as you would for
/// cancellation) to a nested timed call and the nested call is capped at the outer call's remaining time. No
/// <see cref="AsyncLocal{T}"/> is written, so the success path allocates nothing.</para>
/// <para>Deadlines live in a coarse timer wheel whose tick is 1/32 of the shortest configured timeout (between 1 ms and
/// 1 s); a timeout fires no earlier than its deadline and at most one tick later. A per-call timeout shorter than four
/// ticks gets a precise one-off timer instead (that call allocates it). Token sources are pooled and reused with
/// <see cref="CancellationTokenSource.TryReset"/>.</para>
/// <para>Thread-safe; share one instance. Dispose it to stop its timer at once (an idle manager's timer also stops by itself).</para>
/// </remarks>
public sealed class TimeoutManager : IDisposable
{
    private readonly FrozenDictionary<string, TimeSpan> _timeouts;
    private readonly TimeSpan _standardTimeout;
    private readonly bool _stopWaitingAtDeadline;
    private readonly ResilienceTelemetryListener? _telemetryListener;
    private readonly TimeProvider _timeProvider;
    private readonly TimerWheel _wheel;
    private readonly long _minWheelTimeout;
    private readonly ObjectPool<TimeoutScope> _pool;

    private static readonly TimeSpan NoTimeout = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Initializes a new instance of the <see cref="TimeoutManager"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (<see cref="TimeoutOptions.Timeouts"/>). They are copied.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names the option and the value.</exception>
    public TimeoutManager(TimeoutOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new TimeoutOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        Options = options;
        _timeouts = options.Timeouts.ToFrozenDictionary(StringComparer.Ordinal);
        _standardTimeout = _timeouts[OperationTypes.StandardRequest];
        _stopWaitingAtDeadline = options.StopWaitingAtDeadline;
        _telemetryListener = options.TelemetryListener;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Name = string.IsNullOrEmpty(options.Name) ? TimeoutConstants.DefaultName : options.Name;

        // Infinite timeouts never reach the wheel, so only the finite ones set its tick.
        var shortest = TimeSpan.MaxValue;
        foreach (var value in options.Timeouts.Values.Append(options.Timeout ?? NoTimeout))
        {
            if (value != NoTimeout && value < shortest)
            {
                shortest = value;
            }
        }

        var tick = shortest == TimeSpan.MaxValue ? TimeoutConstants.MaxTick : shortest / TimeoutConstants.TickDivisor;
        tick = tick < TimeoutConstants.MinTick ? TimeoutConstants.MinTick : (tick > TimeoutConstants.MaxTick ? TimeoutConstants.MaxTick : tick);
        _wheel = new TimerWheel(_timeProvider, tick);
        _minWheelTimeout = _wheel.ToUnits(tick * TimeoutConstants.MinWheelTicks);
        _pool = new ObjectPool<TimeoutScope>(() => new TimeoutScope(_wheel) { Home = _pool });
    }

    /// <summary>Gets the options the manager was built from (its stages show them as <see cref="ResilienceStrategy.Options"/>).</summary>
    internal TimeoutOptions Options { get; }

    /// <summary>Gets the name of this manager's timeouts in telemetry when no pipeline names them (<see cref="TimeoutOptions.Name"/>, else <c>default</c>).</summary>
    internal string Name { get; }

    /// <summary>Gets the tick of the timer wheel: timeouts fire at most this long after their deadline.</summary>
    public TimeSpan TimerResolution => _wheel.Tick;

    internal TimerWheel Wheel => _wheel;

    /// <summary>Returns the time left before the deadline of the timed call that issued <paramref name="cancellationToken"/>.</summary>
    /// <param name="cancellationToken">The token a <see cref="TimeoutManager"/> (or a timeout stage) handed to the operation.</param>
    /// <param name="remaining">The time left, never negative.</param>
    /// <returns><see langword="false"/> when the token does not belong to a running timed call.</returns>
    /// <remarks>Use it to pass the budget on, for example as a request header or a gRPC deadline.</remarks>
    public static bool TryGetRemainingTime(CancellationToken cancellationToken, out TimeSpan remaining)
    {
        if (cancellationToken.CanBeCanceled && TimeoutScope.TryFind(cancellationToken, out var scope))
        {
            remaining = scope.Remaining;
            return true;
        }

        remaining = default;
        return false;
    }

    /// <summary>Returns the timeout for an operation type.</summary>
    /// <param name="operationType">The operation type; an unknown or <see langword="null"/> name gets the <c>standard_request</c> timeout.</param>
    /// <param name="customTimeout">A per-call timeout that overrides the operation type's, when set: positive (any length; a
    /// deadline too far to represent never fires), or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no timeout.</param>
    /// <returns>The timeout; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> means no timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="customTimeout"/> is neither positive nor infinite.</exception>
    public TimeSpan GetTimeout(string? operationType, TimeSpan? customTimeout = null)
    {
        if (customTimeout is { } custom)
        {
            if (custom <= TimeSpan.Zero && custom != NoTimeout)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(customTimeout),
                    custom,
                    "A per-call timeout must be positive, or Timeout.InfiniteTimeSpan for no timeout.");
            }

            return custom;
        }

        return operationType is not null && _timeouts.TryGetValue(operationType, out var timeout) ? timeout : _standardTimeout;
    }

    /// <summary>Runs an operation under the timeout of an operation type.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operationType">The operation type (see <see cref="OperationTypes"/>); unknown names get the <c>standard_request</c> timeout.</param>
    /// <param name="operation">The operation; it receives a token that fires at the deadline or when <paramref name="cancellationToken"/> does.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>, so a static lambda allocates nothing.</param>
    /// <param name="timeout">A per-call timeout overriding the operation type's; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="TimeoutRejectedException">The deadline passed (this call's, or an enclosing call's) before the operation succeeded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the exception carries that token.</exception>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public async ValueTask<TResult> ExecuteAsync<TResult, TState>(
        string? operationType,
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var effective = GetTimeout(operationType, timeout);
        var context = ResilienceContext.Get(cancellationToken);
        try
        {
            var outcome = await ExecuteCoreAsync(
                Name,
                operationType ?? OperationTypes.StandardRequest,
                effective,
                OperationCallback<TResult, TState>.Instance,
                context,
                (operation, state)).ConfigureAwait(false);
            return outcome.GetResultOrThrow();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    /// <summary>Runs an operation under the timeout of an operation type.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="operationType">The operation type (see <see cref="OperationTypes"/>); unknown names get the <c>standard_request</c> timeout.</param>
    /// <param name="operation">The operation; it receives a token that fires at the deadline or when <paramref name="cancellationToken"/> does.</param>
    /// <param name="timeout">A per-call timeout overriding the operation type's; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="TimeoutRejectedException">The deadline passed before the operation succeeded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the exception carries that token.</exception>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public ValueTask<TResult> ExecuteAsync<TResult>(
        string? operationType,
        Func<CancellationToken, ValueTask<TResult>> operation,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(operationType, static (op, ct) => op(ct), operation, timeout, cancellationToken);
    }

    /// <summary>
    /// Stops admitting calls: later calls throw <see cref="ObjectDisposedException"/>. Calls already running keep their
    /// deadlines; the wheel's timer stops at once when none is running, otherwise when the last one ends.
    /// </summary>
    public void Dispose() => _wheel.Dispose();

    /// <summary>The stage's entry point: runs <paramref name="callback"/> with a token that fires at the deadline.</summary>
    internal ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        string name,
        string operationType,
        TimeSpan timeout,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteCoreAsync(name, operationType, timeout, _wheel.ToUnits(timeout), callback, context, state);

    /// <summary>The stage's entry point, with the timeout already converted by <see cref="TimerWheel.ToUnits"/>.</summary>
    internal ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        string name,
        string operationType,
        TimeSpan timeout,
        long duration,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        ObjectDisposedException.ThrowIf(_wheel.IsDisposed, this);

        // No timeout: nothing to arm or link, the rest of the pipeline sees the caller's token as it is (and so still finds
        // an enclosing call's deadline through it).
        if (timeout == NoTimeout)
        {
            return callback(context, state);
        }

        var callerToken = context.CancellationToken;
        var now = _wheel.Now();

        // Hierarchical deadlines: the call this one runs in (found through its token) caps our deadline. Cancellation
        // comes from the caller at the root of the chain (the token the first timed call was given): the enclosing
        // call's own deadline is never earlier than ours, so only the root needs a registration, and a root that cannot
        // be cancelled (the usual case) needs none.
        TimeoutScope? capping = null;
        var rootToken = callerToken;
        if (callerToken.CanBeCanceled && TimeoutScope.TryFind(callerToken, out var outer))
        {
            rootToken = outer.RootToken;
            var remaining = outer.Wheel.SharesClockWith(_wheel)
                ? Volatile.Read(ref outer.Deadline) - now
                : _wheel.ToUnits(outer.Remaining);
            if (remaining < duration)
            {
                duration = remaining;
                timeout = remaining > 0 ? _wheel.ToTimeSpan(remaining) : TimeSpan.Zero;
                capping = outer;
            }
        }

        if (duration <= 0)
        {
            return new(TimedOut<TResult>(name, operationType, timeout, null));
        }

        var scope = RentScope(context);
        var deadline = TimerWheel.DeadlineAfter(now, duration);
        Volatile.Write(ref scope.Deadline, deadline);
        long armed;
        if (duration >= _minWheelTimeout)
        {
            armed = _wheel.Arm(scope, _wheel.DueTick(deadline));
        }
        else
        {
            // Too short for the wheel's resolution: a precise one-off timer (this call allocates it).
            armed = _wheel.Arm(scope, long.MaxValue);
            scope.PreciseTimer = _timeProvider.CreateTimer(
                static s =>
                {
                    var (sc, a) = ((TimeoutScope, long))s!;
                    TimerWheel.Fire(sc, a);
                },
                (scope, armed),
                timeout,
                NoTimeout);
        }

        scope.RootToken = rootToken;
        if (rootToken.CanBeCanceled)
        {
            scope.CallerRegistration = rootToken.UnsafeRegister(static s => ((TimeoutScope)s!).Source.Cancel(), scope);
        }

        var call = new TimedCall(scope, armed, capping, name, operationType, timeout, callerToken);
        if (_stopWaitingAtDeadline)
        {
            return RunAbandonable(callback, context, state, call);
        }

        context.CancellationToken = scope.Token;
        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch
        {
            // A stage reports failures as outcomes; what throws is a user callback (a predicate, OnRetry). The scope ends
            // on every path, or it would stay armed and registered on the caller's token until its deadline.
            End(context, call);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            if (outcome.HasResult)
            {
                // Perf: the usual case, without Complete's checks (a result is kept even if the deadline passed meanwhile).
                End(context, call);
                return new(outcome);
            }

            return new(Complete(outcome, context, call));
        }

        // Perf: the pooled state machine of a timeout nested in another (the attempt timeout inside the total timeout) is
        // a type of its own, so the two frames of one call do not compete for the pool's one slot per type and thread.
        return rootToken.Equals(callerToken)
            ? AwaitAsync<TResult, OutermostFrame>(pending, context, call)
            : AwaitAsync<TResult, NestedFrame>(pending, context, call);
    }

    // TFrame only tells the outermost timed call's state machine type from a nested one's (see the caller).
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TResult>> AwaitAsync<TResult, TFrame>(
        ValueTask<Outcome<TResult>> pending,
        ResilienceContext context,
        TimedCall call)
        where TFrame : struct
    {
        Outcome<TResult> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(false);
        }
        catch
        {
            End(context, call);
            throw;
        }

        return Complete(outcome, context, call);
    }

    // The rest of the pipeline may outlive this call (it is abandoned at the deadline), so it runs on a context of its own:
    // a flow that lives on must never touch the caller's context, which goes back to the pool (or to its next call) as soon
    // as this call returns. What the flow did comes back to the caller's context when it ends in time.
    private ValueTask<Outcome<TResult>> RunAbandonable<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state,
        in TimedCall call)
    {
        var flow = context.Fork(call.Scope.Token);
        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(flow, state);
        }
        catch
        {
            context.Join(flow);
            End(context, call);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            context.Join(flow);
            return new(Complete(outcome, context, call));
        }

        return AwaitOrAbandonAsync(pending, context, flow, call);
    }

    private async ValueTask<Outcome<TResult>> AwaitOrAbandonAsync<TResult>(
        ValueTask<Outcome<TResult>> pending,
        ResilienceContext context,
        ResilienceContext flow,
        TimedCall call)
    {
        var task = pending.AsTask();
        await ((Task)task.WaitAsync(call.Scope.Token)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (task.IsCompleted)
        {
            context.Join(flow);
            Outcome<TResult> outcome;
            try
            {
                outcome = await task.ConfigureAwait(false);
            }
            catch
            {
                End(context, call);
                throw;
            }

            return Complete(outcome, context, call);
        }

        // The operation ignores its token: stop waiting. The flow keeps its context and the scope's token until it really
        // ends, so the scope is never reused and the context goes back to the pool only then.
        var timedOut = !TimerWheel.Disarm(call.Scope, call.Armed);
        Release(call.Scope, parkOn: null);
        _ = task.ContinueWith(
            static (t, f) => EndAbandoned(t, (ResilienceContext)f!),
            flow,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        if (timedOut && !call.CallerToken.IsCancellationRequested)
        {
            TimeoutLog.Abandoned(_telemetryListener, Name, call.OperationType, call.Timeout);
            ResilienceMetrics.RecordTimeout(call.Name, call.OperationType);
            ResilienceActivities.TimedOut(call.OperationType, call.Timeout);
            return Outcome.FromException<TResult>(new TimeoutRejectedException(call.OperationType, call.Timeout));
        }

        return Outcome.FromException<TResult>(new OperationCanceledException(call.CallerToken));
    }

    // An abandoned flow ended: its fault is observed, a result nobody will see is released (an HTTP response holds a
    // connection), and its context goes back to the pool.
    private static void EndAbandoned<TResult>(Task<Outcome<TResult>> task, ResilienceContext flow)
    {
        if (task.IsCompletedSuccessfully)
        {
            if (task.Result is { HasResult: true, Result: IDisposable disposable })
            {
                disposable.Dispose();
            }
        }
        else
        {
            _ = task.Exception;
        }

        ResilienceContext.Return(flow);
    }

    private Outcome<TResult> Complete<TResult>(
        in Outcome<TResult> outcome,
        ResilienceContext context,
        in TimedCall call)
    {
        var timedOut = End(context, call);

        // A result that arrived is kept even if the deadline passed meanwhile; the caller's own cancellation stays a
        // cancellation, unless it came from the enclosing deadline that capped ours (then it is this call's deadline too).
        var deadlinePassed = timedOut || (call.Outer is { HasFired: true } && call.CallerToken.IsCancellationRequested);
        if (outcome.HasResult)
        {
            return outcome;
        }

        if (deadlinePassed && (!call.CallerToken.IsCancellationRequested || call.Outer is { HasFired: true }))
        {
            return TimedOut<TResult>(call.Name, call.OperationType, call.Timeout, outcome.Exception);
        }

        return call.CallerToken.IsCancellationRequested ? SurfaceCallerToken(outcome, call.CallerToken) : outcome;
    }

    // The operation saw this call's token (or a nested call's); the caller asked for the cancellation with its own, so the
    // exception carries that one: `catch (OperationCanceledException e) when (e.CancellationToken == myToken)` works.
    private static Outcome<TResult> SurfaceCallerToken<TResult>(in Outcome<TResult> outcome, CancellationToken callerToken)
    {
        if (outcome.ExceptionDispatchInfo?.SourceException is not OperationCanceledException cancelled || cancelled.CancellationToken == callerToken)
        {
            return outcome;
        }

        Exception surfaced = cancelled is TaskCanceledException
            ? new TaskCanceledException(cancelled.Message, cancelled, callerToken)
            : new OperationCanceledException(cancelled.Message, cancelled, callerToken);
        return Outcome.FromException<TResult>(surfaced);
    }

    // Ends the call on the caller's side: the context gets the caller's token back and the scope is released (reused only
    // when its deadline did not fire). Returns whether the deadline fired.
    private bool End(ResilienceContext context, in TimedCall call)
    {
        if (OwnershipChecks.IsEnabled
            && (Volatile.Read(ref call.Scope.State) | TimeoutScope.StatusMask) != (call.Armed | TimeoutScope.StatusMask))
        {
            OwnershipChecks.Report("A timeout scope was armed for another call while this call still held it.");
        }

        context.CancellationToken = call.CallerToken;
        var timedOut = !TimerWheel.Disarm(call.Scope, call.Armed);
        Release(call.Scope, timedOut ? null : context);
        return timedOut;
    }

    /// <summary>Marks the pooled state machine of the outermost timed call of a chain.</summary>
    private struct OutermostFrame;

    /// <summary>Marks the pooled state machine of a timed call inside another.</summary>
    private struct NestedFrame;

    // Parks a reusable scope on the context that ends the call (null: the scope is not reused).
    private void Release(TimeoutScope scope, ResilienceContext? parkOn)
    {
        scope.CallerRegistration.Dispose();
        scope.CallerRegistration = default;
        scope.RootToken = default;
        if (scope.PreciseTimer is { } timer)
        {
            timer.Dispose();
            scope.PreciseTimer = null;
        }

        // A fired source cannot be reset; TryReset also fails if the caller's token cancelled it.
        // A scope left out of the pool stays linked while idle; the wheel unlinks it when it reaches its slot.
        if (!(parkOn is not null && scope.Source.TryReset() && ReturnScope(scope, parkOn)))
        {
            scope.Drop();
        }
    }

    private Outcome<TResult> TimedOut<TResult>(string name, string operationType, TimeSpan timeout, Exception? inner)
    {
        TimeoutLog.TimedOut(_telemetryListener, Name, operationType, timeout);
        ResilienceMetrics.RecordTimeout(name, operationType);
        ResilienceActivities.TimedOut(operationType, timeout);
        return Outcome.FromException<TResult>(new TimeoutRejectedException(operationType, timeout, inner));
    }

    // Perf: scopes are parked on the call's context (which is itself parked per thread or pooled), two at most: one per
    // timeout stage of a pipeline (a total and an attempt timeout). A thread-static cache would cost a thread-local
    // access on each rent and return, which on Linux is a helper call; the context is already at hand.
    private TimeoutScope RentScope(ResilienceContext context)
    {
        var scope = context.ParkedScope0;
        if (scope is not null && ReferenceEquals(scope.Wheel, _wheel))
        {
            context.ParkedScope0 = null;
            return CheckedOut(scope);
        }

        scope = context.ParkedScope1;
        if (scope is not null && ReferenceEquals(scope.Wheel, _wheel))
        {
            context.ParkedScope1 = null;
            return CheckedOut(scope);
        }

        return CheckedOut(_pool.Get());
    }

    private static TimeoutScope CheckedOut(TimeoutScope scope)
    {
        if (OwnershipChecks.IsEnabled)
        {
            OwnershipChecks.OnRentScope(ref scope.Held);
        }

        return scope;
    }

    private bool ReturnScope(TimeoutScope scope, ResilienceContext context)
    {
        if (OwnershipChecks.IsEnabled)
        {
            Volatile.Write(ref scope.Held, 0);
        }

        if (context.ParkedScope0 is null)
        {
            context.ParkedScope0 = scope;
            return true;
        }

        if (context.ParkedScope1 is null)
        {
            context.ParkedScope1 = scope;
            return true;
        }

        // Both places taken: a scope of another manager (the context served another pipeline) makes way and goes back to
        // its own manager's pool, so a thread alternating between pipelines keeps the fast path.
        var other = context.ParkedScope1;
        if (!ReferenceEquals(other.Wheel, _wheel))
        {
            context.ParkedScope1 = scope;
            return other.Home?.Return(other) is true || Dropped(other);
        }

        return _pool.Return(scope);
    }

    private static bool Dropped(TimeoutScope scope)
    {
        scope.Drop();
        return true;
    }
}

using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>
/// Admission of one call by a <see cref="CircuitBreaker"/>, for adapters and streaming calls whose end is not a
/// returned value. Acquire it with <see cref="CircuitBreaker.TryAcquirePermit(out CircuitBreakerPermit, out TimeSpan?)"/>,
/// run the call, then record its outcome once.
/// </summary>
/// <remarks>
/// <para>Record exactly once, on the variable the permit was acquired into (pass it by <see langword="ref"/>).
/// A second record on the same variable is a no-op. A half-open probe is released exactly once even when copies
/// of the permit record; for a closed-state permit, recording on two copies counts the call twice.</para>
/// <para>A half-open probe that is never recorded keeps its probe slot: always record, in a <c>finally</c> if need be
/// (<see cref="RecordIgnored"/> when the outcome says nothing about the service).</para>
/// <para>The outcome is applied to the state the permit was admitted in. When the breaker has changed state since,
/// the outcome is stale and changes nothing.</para>
/// </remarks>
public struct CircuitBreakerPermit
{
    private readonly CircuitStateMachine? _machine;
    private readonly CircuitStateData? _epoch;
    private readonly ProbeTicket? _probe;
    private readonly long _startTimestamp;
    private bool _recorded;

    internal CircuitBreakerPermit(CircuitStateMachine machine, CircuitStateData epoch, ProbeTicket? probe, long startTimestamp)
    {
        _machine = machine;
        _epoch = epoch;
        _probe = probe;
        _startTimestamp = startTimestamp;
        _recorded = false;
    }

    /// <summary>Gets a value indicating whether this call is a half-open probe.</summary>
    public readonly bool IsProbe => _probe is not null;

    /// <summary>Gets the epoch the call was admitted in (see <see cref="CircuitBreakerSnapshot.Epoch"/>); -1 for a default permit.</summary>
    public readonly long Epoch => _epoch?.Epoch ?? -1;

    /// <summary>Gets a value indicating whether an outcome was recorded on this variable.</summary>
    public readonly bool IsRecorded => _recorded;

    internal readonly CircuitStateData EpochData => _epoch!;

    internal readonly ProbeTicket? Probe => _probe;

    internal readonly long StartTimestamp => _startTimestamp;

    /// <summary>Records a successful call (a failure instead when it was slower than <see cref="CircuitBreakerOptions.SlowCallDuration"/>).</summary>
    /// <exception cref="InvalidOperationException">The permit was not acquired from a breaker.</exception>
    public void RecordSuccess() => Record(OutcomeKind.Success);

    /// <summary>Records a failed call.</summary>
    /// <exception cref="InvalidOperationException">The permit was not acquired from a breaker.</exception>
    public void RecordFailure() => Record(OutcomeKind.Failure);

    /// <summary>Records a call that says nothing about the service's health; it frees a probe slot and counts nothing.</summary>
    /// <exception cref="InvalidOperationException">The permit was not acquired from a breaker.</exception>
    public void RecordIgnored() => Record(OutcomeKind.Ignored);

    /// <summary>Records a call that threw, classified by the breaker's rules (caller cancellation, excluded types, <see cref="CircuitBreakerOptions.ShouldHandle"/>).</summary>
    /// <param name="exception">The exception the call threw.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation it caused is not counted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The permit was not acquired from a breaker.</exception>
    public void RecordException(Exception exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var settings = GetMachine().Settings;
        var kind = Classify(static (s, a) => OutcomeClassifier.ForException(s, a.exception, null, a.cancellationToken), settings, (exception, cancellationToken));
        Record(kind, kind == OutcomeKind.Failure ? ErrorTypes.Of(exception) : null);
    }

    /// <summary>Records a call that returned a result, classified by <see cref="CircuitBreakerOptions.ShouldHandle"/> (without one, a success).</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="result">The result.</param>
    /// <param name="cancellationToken">The caller's token, passed to the predicate in its context.</param>
    /// <exception cref="InvalidOperationException">The permit was not acquired from a breaker.</exception>
    public void RecordResult<TResult>(TResult result, CancellationToken cancellationToken = default)
    {
        var settings = GetMachine().Settings;
        if (settings.ShouldHandle is null)
        {
            // Perf: the common case classifies nothing.
            Record(OutcomeKind.Success);
            return;
        }

        var kind = Classify(static (s, a) => OutcomeClassifier.ForResult(s, a.result, null, a.cancellationToken), settings, (result, cancellationToken));
        Record(kind, kind == OutcomeKind.Failure ? ErrorTypes.OfResult(result) : null);
    }

    /// <summary>Records an outcome of a pipeline call, classified by the breaker's rules.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="outcome">The outcome.</param>
    /// <param name="context">The call's context; its token is the caller's token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The permit was not acquired from a breaker.</exception>
    public void RecordOutcome<TResult>(in Outcome<TResult> outcome, ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = GetMachine().Settings;
        if (settings.ShouldHandle is null && outcome.HasResult)
        {
            Record(OutcomeKind.Success);
            return;
        }

        var kind = Classify(static (s, a) => OutcomeClassifier.ForOutcome(s, a.outcome, a.context), settings, (outcome, context));
        Record(kind, kind == OutcomeKind.Failure ? ErrorTypes.Of(outcome) : null);
    }

    internal void Record(OutcomeKind kind, string? errorType = null)
    {
        var machine = GetMachine();
        if (_recorded)
        {
            return;
        }

        _recorded = true;
        machine.Complete(in this, kind, errorType);
    }

    private OutcomeKind Classify<TArgs>(Func<CircuitBreakerSettings, TArgs, OutcomeKind> classify, CircuitBreakerSettings settings, TArgs args)
    {
        try
        {
            return classify(settings, args);
        }
        catch
        {
            // A throwing predicate must not leak a probe slot; its exception goes to the caller.
            Record(OutcomeKind.Ignored);
            throw;
        }
    }

    private readonly CircuitStateMachine GetMachine() =>
        _machine ?? throw new InvalidOperationException("This permit was not acquired from a circuit breaker.");
}

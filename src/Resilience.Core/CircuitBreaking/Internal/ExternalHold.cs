namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// A hold put on a breaker by an external coordinator (the shared circuit of Resilience.Redis). While the
/// breaker's epoch carries it, the breaker stays open past its break end, admits only the probes granted here,
/// and hands their outcomes to the coordinator instead of deciding on them itself. Thread-safe.
/// </summary>
internal sealed class ExternalHold
{
    private int _probePermits;
    private long _demand;
    private Action<bool>? _onProbeOutcome;

    public ExternalHold(DateTimeOffset breakEnd) => BreakEnd = breakEnd;

    /// <summary>Gets the shared break end, reported to rejected callers as their retry-after.</summary>
    public DateTimeOffset BreakEnd { get; }

    /// <summary>Gets or sets the state the breaker's own evidence had left when the first of a chain of holds replaced it.</summary>
    /// <remarks>Set by the breaker before the hold is published; read when the hold is released.</remarks>
    internal CircuitStateData? LocalVerdict { get; set; }

    /// <summary>Lets one more call through as a probe; <paramref name="onOutcome"/> receives its outcome (<see langword="true"/> = success).</summary>
    public void GrantProbe(Action<bool> onOutcome)
    {
        Volatile.Write(ref _onProbeOutcome, onOutcome);
        Interlocked.Increment(ref _probePermits);
    }

    /// <summary>Withdraws the probe permits not used yet.</summary>
    public void RevokeProbes() => Interlocked.Exchange(ref _probePermits, 0);

    /// <summary>Returns and resets the number of calls rejected under this hold (callers waiting for a probe).</summary>
    public long TakeDemand() => Interlocked.Exchange(ref _demand, 0);

    internal bool TryTakeProbe()
    {
        while (true)
        {
            var permits = Volatile.Read(ref _probePermits);
            if (permits <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _probePermits, permits - 1, permits) == permits)
            {
                return true;
            }
        }
    }

    internal void OnRejected() => Interlocked.Increment(ref _demand);

    internal void Complete(OutcomeKind kind)
    {
        if (kind == OutcomeKind.Ignored)
        {
            // Not an answer (caller cancelled, excluded exception): the next caller may probe instead.
            Interlocked.Increment(ref _probePermits);
            return;
        }

        Volatile.Read(ref _onProbeOutcome)?.Invoke(kind == OutcomeKind.Success);
    }
}

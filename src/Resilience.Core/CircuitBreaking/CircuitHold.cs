using System.Diagnostics.CodeAnalysis;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>
/// A hold an external coordinator put on a breaker through <see cref="CircuitCoordination.HoldOpen"/>: while it is
/// the breaker's <see cref="CircuitCoordination.CurrentHold"/>, the breaker stays open past its own break end, admits
/// only the probes granted here, and hands their outcomes to the coordinator instead of deciding on them itself.
/// </summary>
/// <remarks>Thread-safe. Probes and rejections touch only this object's counters; nothing here is on the closed path.</remarks>
[Experimental(CircuitBreakerConstants.CoordinationDiagnosticId)]
public sealed class CircuitHold
{
    private int _probePermits;
    private long _demand;
    private Action<bool>? _onProbeOutcome;

    internal CircuitHold(DateTimeOffset breakEnd) => BreakEnd = breakEnd;

    /// <summary>Gets the shared break end, reported to rejected callers as their retry-after.</summary>
    public DateTimeOffset BreakEnd { get; }

    /// <summary>Gets or sets the state the breaker's own evidence had left when the first of a chain of holds replaced it.</summary>
    /// <remarks>Set by the breaker before the hold is published; read when the hold is released.</remarks>
    internal CircuitStateData? LocalVerdict { get; set; }

    /// <summary>Lets one more call through the hold as a probe.</summary>
    /// <param name="onOutcome">
    /// Receives the outcome of a granted probe (<see langword="true"/> = success), on the thread that completed the call;
    /// the latest callback granted receives every later outcome. A probe whose outcome says nothing about the service
    /// (the caller cancelled, an excluded exception) is not reported: its permit returns for the next caller.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="onOutcome"/> is <see langword="null"/>.</exception>
    public void GrantProbe(Action<bool> onOutcome)
    {
        ArgumentNullException.ThrowIfNull(onOutcome);
        Volatile.Write(ref _onProbeOutcome, onOutcome);
        Interlocked.Increment(ref _probePermits);
    }

    /// <summary>Withdraws the probe permits not used yet.</summary>
    public void RevokeProbes() => Interlocked.Exchange(ref _probePermits, 0);

    /// <summary>Returns and resets the number of calls rejected under this hold (callers waiting for a probe).</summary>
    /// <returns>The calls rejected since the last call of this method.</returns>
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

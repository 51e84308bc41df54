// The experimental coordination seam (CircuitHold, CircuitCoordinationThresholds) is implemented here.
#pragma warning disable RESILIENCE0001

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// The half-open slot a probe holds. It is released exactly once however many copies of the permit record,
/// so a double record can never free a slot twice or count a probe twice.
/// </summary>
internal sealed class ProbeTicket
{
    private int _completed;

    public ProbeTicket(SemaphoreSlim gate)
    {
        Gate = gate;
    }

    /// <summary>Initializes a probe granted by an external hold instead of a local half-open slot.</summary>
    public ProbeTicket(CircuitHold hold)
    {
        Hold = hold;
    }

    /// <summary>Gets the semaphore the slot was taken from (the breaker replaces it when HalfOpenMaxCalls changes).</summary>
    public SemaphoreSlim? Gate { get; }

    /// <summary>Gets the external hold that granted this probe, or <see langword="null"/> for a local half-open slot.</summary>
    public CircuitHold? Hold { get; }

    /// <summary>Marks the probe complete; <see langword="false"/> when it already was.</summary>
    public bool TryComplete() => Interlocked.Exchange(ref _completed, 1) == 0;
}

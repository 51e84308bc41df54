using System.Diagnostics.CodeAnalysis;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>Where a breaker goes when its <see cref="CircuitHold"/> is released.</summary>
[Experimental(CircuitBreakerConstants.CoordinationDiagnosticId)]
public enum CircuitHoldRelease
{
    /// <summary>
    /// The shared decision is no longer known (the coordinator lost its store, or the breaker leaves it): the breaker goes
    /// back to the state its own evidence left before the hold (a local break keeps its end, a closed window keeps its counts).
    /// </summary>
    RestoreLocalState,

    /// <summary>The fleet closed the circuit after successful probes: the breaker closes with a fresh window.</summary>
    Close,
}

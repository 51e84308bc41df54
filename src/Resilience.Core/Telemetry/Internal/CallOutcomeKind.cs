namespace Resilience.Telemetry.Internal;

/// <summary>How a call through a circuit breaker ended, as counted by the calls instrument.</summary>
internal enum CallOutcomeKind
{
    /// <summary>The operation ran and succeeded.</summary>
    Success,

    /// <summary>The operation ran and its outcome counted as a failure.</summary>
    Failure,

    /// <summary>The operation ran and its outcome was not counted (an excluded exception, the caller's cancellation).</summary>
    Ignored,

    /// <summary>The breaker refused to run the operation.</summary>
    Rejected,
}

namespace Resilience.Batching;

/// <summary>What happened to one batch of a run.</summary>
public enum BatchStatus
{
    /// <summary>The processor ran; each item was processed or reported failed.</summary>
    Processed = 0,

    /// <summary>The processor threw; the whole batch was kept for a retry.</summary>
    Error = 1,

    /// <summary>The circuit rejected the batch; it was kept for a retry, and the run stopped.</summary>
    CircuitOpen = 2,

    /// <summary>The items still queued when the circuit opened; they were kept, in order, for a retry.</summary>
    SkippedRemaining = 3,
}

namespace Resilience.Batching;

/// <summary>How a run of a <see cref="ResilientBatchProcessor{TItem}"/> ended.</summary>
public enum BatchRunStatus
{
    /// <summary>Every queued item went through the processor (some batches may have failed and been kept).</summary>
    Completed = 0,

    /// <summary>The circuit opened during the run: the rejected batch and every item after it were kept.</summary>
    CircuitOpen = 1,

    /// <summary>A retry was refused because the circuit is still open; every kept item is still kept.</summary>
    Refused = 2,

    /// <summary>A retry found no kept items.</summary>
    NothingToRetry = 3,
}

namespace Resilience.Batching;

/// <summary>The report of one run of a <see cref="ResilientBatchProcessor{TItem}"/>: items processed, failed and kept, breaker trips, and each batch and failed item.</summary>
/// <typeparam name="TItem">The type of the items.</typeparam>
public sealed class BatchRunReport<TItem>
{
    internal BatchRunReport(
        BatchRunStatus status,
        int batchSize,
        IReadOnlyList<BatchDetail> batches,
        IReadOnlyList<FailedItem<TItem>> failedItems,
        int keptTotal,
        TimeSpan? retryAfter)
    {
        Status = status;
        BatchSize = batchSize;
        Batches = batches;
        FailedItems = failedItems;
        KeptTotal = keptTotal;
        RetryAfter = retryAfter;
        foreach (var batch in batches)
        {
            Processed += batch.Processed;
            Failed += batch.Failed;
            Kept += batch.Kept;
            CircuitTrips += batch.Status == BatchStatus.CircuitOpen ? 1 : 0;
        }
    }

    /// <summary>Gets how the run ended.</summary>
    public BatchRunStatus Status { get; }

    /// <summary>Gets the batch size the run used (halved for a retry).</summary>
    public int BatchSize { get; }

    /// <summary>Gets the number of items processed in this run.</summary>
    public int Processed { get; }

    /// <summary>Gets the number of items the processor reported as failed in this run.</summary>
    public int Failed { get; }

    /// <summary>Gets the number of items this run kept for a retry (rejected, skipped, or in a batch whose processor threw).</summary>
    public int Kept { get; }

    /// <summary>Gets the number of items kept by the processor after the run, this run's and earlier ones.</summary>
    public int KeptTotal { get; }

    /// <summary>Gets the number of batches the circuit rejected.</summary>
    public int CircuitTrips { get; }

    /// <summary>Gets the account of each batch, in order.</summary>
    public IReadOnlyList<BatchDetail> Batches { get; }

    /// <summary>Gets the items the processor reported as failed, with their errors.</summary>
    public IReadOnlyList<FailedItem<TItem>> FailedItems { get; }

    /// <summary>Gets how long until the circuit admits a probe, when the run stopped on an open circuit and the breaker said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets a one-line summary of the run.</summary>
    public string Message => Status switch
    {
        BatchRunStatus.Refused => $"Circuit still open, retry later: {KeptTotal} items are kept" + (RetryAfter is { } r ? $" (retry after {r})." : "."),
        BatchRunStatus.NothingToRetry => "No kept items to retry.",
        BatchRunStatus.CircuitOpen => $"The circuit opened: {Processed} processed, {Failed} failed, {Kept} kept for a retry ({KeptTotal} kept in all).",
        _ => $"Completed: {Processed} processed, {Failed} failed, {Kept} kept for a retry ({KeptTotal} kept in all).",
    };
}

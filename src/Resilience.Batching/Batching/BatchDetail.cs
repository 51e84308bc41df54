namespace Resilience.Batching;

/// <summary>The account of one batch of a run.</summary>
/// <param name="BatchNumber">The batch's number in the run, from 1; 0 for the <see cref="BatchStatus.SkippedRemaining"/> entry.</param>
/// <param name="Status">What happened to the batch.</param>
/// <param name="Size">The number of items in the batch.</param>
/// <param name="Processed">The items the processor processed.</param>
/// <param name="Failed">The items the processor reported as failed.</param>
/// <param name="Kept">The items kept for a retry.</param>
/// <param name="Error">The processor's exception (for <see cref="BatchStatus.Error"/>) or the rejection (for <see cref="BatchStatus.CircuitOpen"/>).</param>
public sealed record BatchDetail(int BatchNumber, BatchStatus Status, int Size, int Processed, int Failed, int Kept, Exception? Error);

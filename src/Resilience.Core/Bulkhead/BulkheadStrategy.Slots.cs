using Resilience.Bulkhead.Internal;

namespace Resilience.Bulkhead;

/// <content>The bulkhead's slots taken and given back by hand, for an adapter that holds a slot as a lease
/// (Resilience.RateLimiting's <c>BulkheadRateLimiter</c>). The same counters and queue bound as a call through the stage.</content>
public sealed partial class BulkheadStrategy
{
    /// <summary>Gets a value indicating whether the bulkhead was disposed (it admits no new calls).</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Takes a free slot without waiting.</summary>
    /// <returns><see langword="true"/> when a slot was taken; the caller must call <see cref="ReleaseSlot"/> once.</returns>
    internal bool TryTakeSlot() => _slots.Wait(0);

    /// <summary>Takes a slot, waiting in the queue when it has room; a full queue is a rejection (counted as one).</summary>
    /// <param name="cancellationToken">Cancels the wait in the queue.</param>
    /// <returns><see langword="true"/> when a slot was taken; the caller must call <see cref="ReleaseSlot"/> once.</returns>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    internal async ValueTask<bool> TakeSlotAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        // Reserve a queue place first, so the queue never holds more than QueueLimit callers.
        if (Interlocked.Increment(ref _queued) > QueueLimit)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _rejected);
            BulkheadMetrics.RecordRejection(Name);
            return false;
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>Gives back a slot taken by <see cref="TryTakeSlot"/> or <see cref="TakeSlotAsync"/>.</summary>
    internal void ReleaseSlot() => _slots.Release();

    /// <summary>Counts a rejection the adapter decided itself (a slot asked for without waiting when none was free).</summary>
    internal void CountRejection()
    {
        Interlocked.Increment(ref _rejected);
        BulkheadMetrics.RecordRejection(Name);
    }
}

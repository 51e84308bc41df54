using Resilience.Bulkhead.Internal;

namespace Resilience.Bulkhead;

/// <content>The bulkhead's slots taken and given back by hand: the public seam for an adapter that holds a slot as a
/// lease (Resilience.RateLimiting's <c>BulkheadRateLimiter</c>). The same counters, metrics and queue bound as a call
/// through the stage.</content>
public sealed partial class BulkheadStrategy
{
    /// <summary>Gets a value indicating whether the bulkhead was disposed (it admits no new calls).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Takes a free slot without waiting; when none is free, the refusal counts as a rejection (<see cref="Rejected"/> and the metric).</summary>
    /// <returns><see langword="true"/> when a slot was taken; the caller must call <see cref="ReleaseSlot"/> once.</returns>
    /// <exception cref="ObjectDisposedException">The bulkhead was disposed.</exception>
    public bool TryAcquireSlot()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_slots.Wait(0))
        {
            return true;
        }

        Interlocked.Increment(ref _rejected);
        BulkheadMetrics.RecordRejection(Name);
        return false;
    }

    /// <summary>Takes a slot, waiting in the queue when it has room; a full queue is a rejection (counted as one).</summary>
    /// <param name="cancellationToken">Cancels the wait in the queue.</param>
    /// <returns><see langword="true"/> when a slot was taken; the caller must call <see cref="ReleaseSlot"/> once.</returns>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The bulkhead was disposed.</exception>
    public ValueTask<bool> AcquireSlotAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return TakeSlotAsync(cancellationToken);
    }

    private async ValueTask<bool> TakeSlotAsync(CancellationToken cancellationToken)
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

    /// <summary>Gives back a slot taken by <see cref="TryAcquireSlot"/> or <see cref="AcquireSlotAsync"/>; call it once per slot taken.</summary>
    public void ReleaseSlot() => _slots.Release();
}

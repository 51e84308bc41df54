using System.Threading.RateLimiting;
using Resilience.Bulkhead;

namespace Resilience.RateLimiting;

/// <summary>
/// A <see cref="RateLimiter"/> over a <see cref="BulkheadStrategy"/>: a lease is one of the bulkhead's slots, so a bulkhead
/// can stand wherever a limiter is accepted (a <see cref="RateLimiterStrategy"/>, <see cref="PartitionedRateLimiter.CreateChained{TResource}"/>,
/// ASP.NET Core's rate-limiting middleware) and share its slots with the pipelines that use the bulkhead directly.
/// </summary>
/// <remarks>
/// <para>Each lease holds at most one slot: ask for 1 permit (or 0 to test for a free slot without taking it). A failed
/// lease counts as a bulkhead rejection. <c>AttemptAcquire</c> never waits; <c>AcquireAsync</c> waits
/// in the bulkhead's queue when it has room.</para>
/// <para>The adapter does not own the bulkhead: disposing the adapter leaves the bulkhead alone. Thread-safe.</para>
/// </remarks>
public sealed class BulkheadRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Failed = new SlotLease(null);
    private static readonly RateLimitLease Free = new SlotLease(null, acquired: true);
    private readonly BulkheadStrategy _bulkhead;
    private long _granted;

    /// <summary>Initializes a new instance of the <see cref="BulkheadRateLimiter"/> class.</summary>
    /// <param name="bulkhead">The bulkhead whose slots the leases hold; the caller owns and disposes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bulkhead"/> is <see langword="null"/>.</exception>
    public BulkheadRateLimiter(BulkheadStrategy bulkhead)
    {
        ArgumentNullException.ThrowIfNull(bulkhead);
        _bulkhead = bulkhead;
    }

    /// <inheritdoc/>
    /// <remarks><see langword="null"/> while a slot is taken; <see cref="TimeSpan.Zero"/> otherwise (how long it has been idle is not tracked).</remarks>
    public override TimeSpan? IdleDuration => _bulkhead.InFlight == 0 ? TimeSpan.Zero : null;

    /// <inheritdoc/>
    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = _bulkhead.MaxConcurrency - _bulkhead.InFlight,
        CurrentQueuedCount = _bulkhead.Queued,
        TotalFailedLeases = _bulkhead.Rejected,
        TotalSuccessfulLeases = Interlocked.Read(ref _granted),
    };

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        if (permitCount == 0)
        {
            return _bulkhead.InFlight < _bulkhead.MaxConcurrency ? Free : Failed;
        }

        return _bulkhead.TryAcquireSlot() ? Granted() : Failed;
    }

    /// <inheritdoc/>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        if (permitCount == 0)
        {
            return AttemptAcquireCore(0);
        }

        return await _bulkhead.AcquireSlotAsync(cancellationToken).ConfigureAwait(false) ? Granted() : Failed;
    }

    private void CheckPermitCount(int permitCount)
    {
        // A disposed bulkhead admits nothing, through the stage or through a lease.
        ObjectDisposedException.ThrowIf(_bulkhead.IsDisposed, _bulkhead);
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "A bulkhead lease holds one slot: ask for 0 or 1 permit.");
        }
    }

    private SlotLease Granted()
    {
        Interlocked.Increment(ref _granted);
        return new SlotLease(_bulkhead, acquired: true);
    }

    /// <summary>One slot of the bulkhead; disposing it gives the slot back exactly once, whoever disposes it how often.</summary>
    private sealed class SlotLease(BulkheadStrategy? bulkhead, bool acquired = false) : RateLimitLease
    {
        private BulkheadStrategy? _bulkhead = bulkhead;

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Interlocked.Exchange(ref _bulkhead, null)?.ReleaseSlot();
            base.Dispose(disposing);
        }
    }
}

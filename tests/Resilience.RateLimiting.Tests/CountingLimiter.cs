using System.Threading.RateLimiting;

namespace Resilience.RateLimiting.Tests;

/// <summary>A limiter that wraps another and counts the leases it handed out and how many were disposed.</summary>
internal sealed class CountingLimiter(RateLimiter inner) : RateLimiter
{
    private int _handedOut;
    private int _disposed;

    public int HandedOut => Volatile.Read(ref _handedOut);

    public int Outstanding => HandedOut - Volatile.Read(ref _disposed);

    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Track(inner.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        Track(await inner.AcquireAsync(permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        inner.Dispose();
        base.Dispose(disposing);
    }

    private CountedLease Track(RateLimitLease lease)
    {
        Interlocked.Increment(ref _handedOut);
        return new CountedLease(lease, this);
    }

    private sealed class CountedLease(RateLimitLease inner, CountingLimiter owner) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => inner.IsAcquired;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref owner._disposed);
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

namespace Resilience.AdaptiveConcurrency.Internal;

/// <summary>
/// TCP Vegas as in Netflix's VegasLimit: the queue at the service is estimated as <c>limit × (1 − minRtt / rtt)</c>. With
/// <c>log = max(1, log10(limit))</c>: a queue at most <c>log</c> grows the limit by <c>6·log</c>, below <c>3·log</c> by <c>log</c>,
/// above <c>6·log</c> (or a drop) shrinks it by <c>log</c>, smoothed. The limit moves once per round trip, on the average latency of
/// that window of samples (see <see cref="SampleWindow"/>); a drop shrinks it at once. The minimum RTT is re-measured every ~30 × limit samples by a probe
/// (see <see cref="LimitAlgorithm.TrackNoLoadRtt_NeedsLock"/>), so a service that got permanently slower is re-measured.
/// </summary>
internal sealed class VegasAlgorithm(int initialLimit, int minLimit, int maxLimit) : LimitAlgorithm(initialLimit, minLimit, maxLimit)
{
    private readonly SampleWindow _window = new();
    private double _lastRtt;

    public override (string First, string Second) EstimateNames => ("min", "last");

    public override void Update_NeedsLock(double rttSeconds, int inFlight, bool dropped, long startTimestamp, long nowTimestamp)
    {
        _lastRtt = rttSeconds;
        if (TrackNoLoadRtt_NeedsLock(rttSeconds, startTimestamp, nowTimestamp, AdaptiveConcurrencyConstants.DefaultVegasProbeMultiplier * (long)Math.Max(Estimate, 10)))
        {
            _window.Reset();
            return;
        }

        var log = Math.Max(1, Math.Floor(Math.Log10(Estimate)));
        if (dropped)
        {
            // A timeout is overload now: shrink at once, and judge the latency afresh.
            Estimate = Clamp(Estimate - log);
            _window.Reset();
            return;
        }

        if (!_window.Add(rttSeconds, inFlight, (int)Estimate, out var rtt, out var maxInFlight) || maxInFlight * 2 < Estimate)
        {
            return;
        }

        var queue = Math.Ceiling(Estimate * (1 - (NoLoadRtt / rtt)));
        var target = queue <= log ? Estimate + (6 * log)
            : queue < 3 * log ? Estimate + log
            : queue > 6 * log ? Estimate - log
            : Estimate;
        Estimate = Clamp(((1 - AdaptiveConcurrencyConstants.DefaultVegasSmoothing) * Estimate) + (AdaptiveConcurrencyConstants.DefaultVegasSmoothing * target));
    }

    public override void Estimates_NeedsLock(out double first, out double second)
    {
        first = NoLoadRtt;
        second = _lastRtt;
    }
}

namespace Resilience.AdaptiveConcurrency.Internal;

/// <summary>Additive increase (+1 per round trip while at least half the limit is in use), multiplicative decrease on a drop,
/// at most once per round trip as TCP does: a drop of a call that started before the last decrease is the same congestion
/// event and does not shrink the limit again (otherwise one slow burst collapses the limit far below the capacity).</summary>
internal sealed class AimdAlgorithm(int initialLimit, int minLimit, int maxLimit, double backoffRatio, double dropLatencySeconds)
    : LimitAlgorithm(initialLimit, minLimit, maxLimit)
{
    private double _lastRtt;
    private long _lastDecrease = long.MinValue;

    public override void Update_NeedsLock(double rttSeconds, int inFlight, bool dropped, long startTimestamp, long nowTimestamp)
    {
        if ((dropped || rttSeconds > dropLatencySeconds) && startTimestamp < _lastDecrease)
        {
            _lastRtt = rttSeconds;
            return;
        }

        var before = Estimate;
        Apply(rttSeconds, inFlight, dropped);
        if (Estimate < before)
        {
            _lastDecrease = nowTimestamp;
        }
    }

    public override (string First, string Second) EstimateNames => ("last", "drop_latency");

    private void Apply(double rttSeconds, int inFlight, bool dropped)
    {
        _lastRtt = rttSeconds;
        if (dropped || rttSeconds > dropLatencySeconds)
        {
            Estimate = Clamp(Math.Floor(Estimate * backoffRatio));
        }
        else if (inFlight * 2 >= Estimate)
        {
            // Only grow while the limit is in use: an idle client must not drift up to the maximum. +1 per round trip
            // (1/limit per sample, TCP's congestion avoidance): +1 per sample overshoots by a whole window each round trip.
            Estimate = Clamp(Estimate + (1 / Estimate));
        }
    }

    public override void Estimates_NeedsLock(out double first, out double second)
    {
        first = _lastRtt;
        second = dropLatencySeconds;
    }
}

namespace Resilience.AdaptiveConcurrency.Internal;

/// <summary>
/// Gradient after Netflix's GradientLimit: <c>gradient = clamp(tolerance × longRtt / shortRtt, 0.5, 1)</c>, new limit
/// <c>limit × gradient + 4</c>, smoothed by 0.2, once per round trip (a window of about limit samples, see <see cref="SampleWindow"/>)
/// or at once on a drop. The long RTT is the no-load latency (the least RTT seen, re-measured by a
/// probe every <c>LongWindow</c> samples or 30 × the limit, whichever is more, see <see cref="LimitAlgorithm.TrackNoLoadRtt_NeedsLock"/>); the short RTT
/// is an exponential average of the last ~10 samples. The limit settles where recent latency is <c>tolerance</c> times the
/// no-load latency. An exponential long average (Gradient2) was tried and drifts to the maximum under steady queueing: the
/// average catches up with the queued latency, the gradient reaches 1 and the +4 queue allowance wins.
/// </summary>
internal sealed class GradientAlgorithm(int initialLimit, int minLimit, int maxLimit, double tolerance, int longWindow)
    : LimitAlgorithm(initialLimit, minLimit, maxLimit)
{
    private const double ShortFactor = 2.0 / (10 + 1);
    private readonly SampleWindow _window = new();
    private double _shortRtt;

    public override (string First, string Second) EstimateNames => ("long", "short");

    public override void Update_NeedsLock(double rttSeconds, int inFlight, bool dropped, long startTimestamp, long nowTimestamp)
    {
        _shortRtt = _shortRtt == 0 ? rttSeconds : _shortRtt + (ShortFactor * (rttSeconds - _shortRtt));
        if (TrackNoLoadRtt_NeedsLock(rttSeconds, startTimestamp, nowTimestamp, Math.Max(longWindow, AdaptiveConcurrencyConstants.DefaultVegasProbeMultiplier * (long)Math.Max(Estimate, 10))))
        {
            _window.Reset();
            return;
        }

        // A drop moves the limit at once; otherwise once per round trip (see SampleWindow), on the recent latency then.
        if (dropped)
        {
            _window.Reset();
        }
        else if (!_window.Add(rttSeconds, inFlight, (int)Estimate, out _, out var maxInFlight) || maxInFlight * 2 < Estimate)
        {
            return;
        }

        var gradient = dropped ? 0.5 : Math.Clamp(tolerance * NoLoadRtt / _shortRtt, 0.5, 1.0);
        var target = (Estimate * gradient) + AdaptiveConcurrencyConstants.DefaultGradientQueueSize;
        Estimate = Clamp(((1 - AdaptiveConcurrencyConstants.DefaultGradientSmoothing) * Estimate) + (AdaptiveConcurrencyConstants.DefaultGradientSmoothing * target));
    }

    public override void Estimates_NeedsLock(out double first, out double second)
    {
        first = NoLoadRtt;
        second = _shortRtt;
    }
}

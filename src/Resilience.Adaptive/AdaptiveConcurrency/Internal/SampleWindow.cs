namespace Resilience.AdaptiveConcurrency.Internal;

/// <summary>
/// Gathers samples into windows of about one round trip (as many samples as the limit, at least
/// <see cref="AdaptiveConcurrencyConstants.MinWindowSamples"/>), so a latency-driven algorithm moves the limit once per
/// round trip on the window's average, as TCP Vegas does and Netflix's <c>WindowedLimit</c> wraps its limits. Moving it on
/// every sample reacts to the same queue many times before the previous move can show in the latency: the limit overshoots
/// in both directions. Not thread-safe: the stage calls it under its lock.
/// </summary>
internal sealed class SampleWindow
{
    private int _count;
    private double _rttSum;
    private int _maxInFlight;

    /// <summary>Adds a sample; returns <see langword="true"/> when it closed a window of <paramref name="size"/> samples, with that window's average latency and most calls in flight.</summary>
    public bool Add(double rttSeconds, int inFlight, int size, out double averageRtt, out int maxInFlight)
    {
        _count++;
        _rttSum += rttSeconds;
        _maxInFlight = Math.Max(_maxInFlight, inFlight);
        averageRtt = _rttSum / _count;
        maxInFlight = _maxInFlight;
        if (_count < Math.Max(size, AdaptiveConcurrencyConstants.MinWindowSamples))
        {
            return false;
        }

        Reset();
        return true;
    }

    /// <summary>Starts a new window (after a drop or a probe, whose samples say something else).</summary>
    public void Reset()
    {
        _count = 0;
        _rttSum = 0;
        _maxInFlight = 0;
    }
}

namespace Resilience.AdaptiveConcurrency.Internal;

/// <summary>One algorithm's state: it takes a latency sample and returns the new limit. Not thread-safe: the stage calls
/// every member under its lock.</summary>
internal abstract class LimitAlgorithm
{
    /// <summary>The calls a no-load probe measures.</summary>
    protected const int ProbeSamples = 10;

    private long _sinceProbe;
    private bool _probing;
    private long _probeStarted;
    private int _probeCount;
    private double _probeMin;
    private double _savedEstimate;

    protected LimitAlgorithm(int initialLimit, int minLimit, int maxLimit)
    {
        Estimate = initialLimit;
        MinLimit = minLimit;
        MaxLimit = maxLimit;
    }

    /// <summary>Gets the current limit, unrounded.</summary>
    public double Estimate { get; protected set; }

    protected int MinLimit { get; }

    protected int MaxLimit { get; }

    /// <summary>Takes one sample: the call's latency in seconds, the calls in flight when it started, whether it was a drop,
    /// and when it started and ended (timestamps of the stage's clock).</summary>
    public abstract void Update_NeedsLock(double rttSeconds, int inFlight, bool dropped, long startTimestamp, long nowTimestamp);

    /// <summary>Reports the latency estimates the algorithm keeps (seconds), for the RTT gauge.</summary>
    public abstract void Estimates_NeedsLock(out double first, out double second);

    /// <summary>Gets the names of the two estimates (for example <c>min</c> and <c>last</c>).</summary>
    public abstract (string First, string Second) EstimateNames { get; }

    /// <summary>Gets the no-load latency (seconds) measured by the last probe, or the least seen since; 0 before any sample.</summary>
    protected double NoLoadRtt { get; private set; }

    protected double Clamp(double limit) => Math.Clamp(limit, MinLimit, MaxLimit);

    /// <summary>
    /// Keeps <see cref="NoLoadRtt"/>: the least latency seen, re-measured every <paramref name="interval"/> samples by a probe
    /// that cuts the limit to a quarter for <see cref="ProbeSamples"/> calls started after it (as Envoy's adaptive concurrency
    /// filter does), so the minimum is taken without the queue the limit itself causes; simply forgetting the minimum under
    /// load would take a queued latency for the no-load one and let the limit drift up. Returns <see langword="true"/> while
    /// probing: the algorithm leaves the limit alone then.
    /// </summary>
    protected bool TrackNoLoadRtt_NeedsLock(double rttSeconds, long startTimestamp, long nowTimestamp, long interval)
    {
        if (_probing)
        {
            if (startTimestamp >= _probeStarted)
            {
                _probeMin = Math.Min(_probeMin, rttSeconds);
                if (++_probeCount >= ProbeSamples)
                {
                    NoLoadRtt = _probeMin;
                    Estimate = _savedEstimate;
                    _probing = false;
                    _sinceProbe = 0;
                }
            }

            return true;
        }

        if (NoLoadRtt == 0 || rttSeconds < NoLoadRtt)
        {
            NoLoadRtt = rttSeconds;
        }

        if (++_sinceProbe >= interval)
        {
            _probing = true;
            _probeStarted = nowTimestamp;
            _probeCount = 0;
            _probeMin = double.MaxValue;
            _savedEstimate = Estimate;
            Estimate = Math.Max(MinLimit, Math.Floor(Estimate / 4));
        }

        return false;
    }
}

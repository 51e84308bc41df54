namespace Resilience.Demo;

/// <summary>Which <see cref="DownstreamPhase"/> the downstream is in, from the time since the demo started.</summary>
public sealed class PhaseClock(TimeProvider time, TimeSpan phaseLength)
{
    private long _start = time.GetTimestamp();

    public TimeSpan PhaseLength => phaseLength;

    /// <summary>Starts the first phase now (once the servers are up, so start-up time does not eat into it).</summary>
    public void Restart() => Volatile.Write(ref _start, time.GetTimestamp());

    public TimeSpan Elapsed => time.GetElapsedTime(Volatile.Read(ref _start));

    public DownstreamPhase Current => At(Elapsed);

    public DownstreamPhase At(TimeSpan elapsed) => (DownstreamPhase)(elapsed.Ticks / phaseLength.Ticks % 4);

    /// <summary>How long until the next phase starts.</summary>
    public TimeSpan UntilNextPhase => TimeSpan.FromTicks(phaseLength.Ticks - (Elapsed.Ticks % phaseLength.Ticks));
}

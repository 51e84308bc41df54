namespace Resilience.Demo;

/// <summary>What the traffic generator saw for one service. Thread-safe.</summary>
public sealed class ServiceStats
{
    private long _succeeded;
    private long _failed;
    private long _rejected;

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the calls the open circuit refused without sending them.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public long Total => Succeeded + Failed + Rejected;

    public void RecordSuccess() => Interlocked.Increment(ref _succeeded);

    public void RecordFailure() => Interlocked.Increment(ref _failed);

    public void RecordRejection() => Interlocked.Increment(ref _rejected);
}

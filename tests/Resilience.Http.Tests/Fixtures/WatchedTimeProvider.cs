namespace Resilience.Http.Tests.Fixtures;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a one-shot timer of a given due time is created, so a test can
/// advance virtual time only once the code under test is really waiting on it.
/// </summary>
public sealed class WatchedTimeProvider : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Signal)> _watches = [];

    /// <summary>Completes when a timer with exactly <paramref name="dueTime"/> is created.</summary>
    public Task WhenTimerCreated(TimeSpan dueTime)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _watches.Add((dueTime, signal));
        }

        return signal.Task;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            foreach (var watch in _watches.Where(w => w.DueTime == dueTime))
            {
                watch.Signal.TrySetResult();
            }
        }

        return timer;
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.TestUtilities.Time;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when the code under test arms a timer, so a test advances virtual time
/// exactly when that code is waiting on it (no polling, no sleeps). Every timer armed with a finite due time, at
/// creation or by <see cref="ITimer.Change"/>, is reported once to <see cref="WaitForArmedAsync"/> and
/// <see cref="AdvanceWhileAsync"/>; <see cref="WhenTimerCreated"/> watches for one due time.
/// </summary>
public sealed class WatchedTimeProvider : FakeTimeProvider
{
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(30);
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();
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

    /// <summary>Waits (at most 30 s) until some timer is armed, and returns its due time.</summary>
    public async Task<TimeSpan> WaitForArmedAsync() => await _armed.Reader.ReadAsync().AsTask().WaitAsync(WaitBound);

    /// <summary>Advances time by <paramref name="step"/> each time a timer is armed, until <paramref name="task"/> completes.</summary>
    public async Task AdvanceWhileAsync(Task task, TimeSpan step)
    {
        while (!task.IsCompleted)
        {
            var armed = _armed.Reader.ReadAsync().AsTask();
            if (await Task.WhenAny(armed, task).WaitAsync(WaitBound) == armed)
            {
                Advance(step);
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ArmedTimer(base.CreateTimer(callback, state, dueTime, period), _armed.Writer);
        if (dueTime != global::System.Threading.Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }

        lock (_lock)
        {
            foreach (var watch in _watches.Where(w => w.DueTime == dueTime))
            {
                watch.Signal.TrySetResult();
            }
        }

        return timer;
    }

    private sealed class ArmedTimer(ITimer inner, ChannelWriter<TimeSpan> armed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (dueTime != global::System.Threading.Timeout.InfiniteTimeSpan)
            {
                armed.TryWrite(dueTime);
            }

            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

using System.Threading.Channels;

namespace Resilience.A2A.Tests.Peer;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each time a timer is armed with a finite due time, so a test can
/// advance time exactly when the code under test is waiting (no polling, no sleeps).
/// </summary>
public sealed class ArmedTimeProvider : TimeProvider
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ArmedTimer(Fake.CreateTimer(callback, state, dueTime, period), _armed.Writer);
        if (dueTime != global::System.Threading.Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits (bounded) until some timer is armed, and returns its due time.</summary>
    public async Task<TimeSpan> WaitForArmedAsync() =>
        await _armed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Advances time by <paramref name="step"/> each time a timer is armed, until <paramref name="task"/> completes.</summary>
    public async Task AdvanceWhileAsync(Task task, TimeSpan step)
    {
        while (!task.IsCompleted)
        {
            var armed = _armed.Reader.ReadAsync().AsTask();
            if (await Task.WhenAny(armed, task).WaitAsync(TimeSpan.FromSeconds(30)) == armed)
            {
                Fake.Advance(step);
            }
        }
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

using Resilience.Redis.Internal;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>A scripted local breaker: the test sets what it reports and observes what the shared layer asks of it.</summary>
internal sealed class FakeLocalCircuit : ILocalCircuit
{
    private readonly object _sync = new();
    private TaskCompletionSource _held = NewSignal();
    private TaskCompletionSource _released = NewSignal();
    private TaskCompletionSource _probeGranted = NewSignal();
    private Action<bool>? _probe;

    public FakeLocalCircuit(string name, SharedCircuitPolicy policy)
    {
        Name = name;
        Policy = policy;
    }

    public string Name { get; }

    public SharedCircuitPolicy Policy { get; }

    public LocalHealth Health { get; set; }

    /// <summary>Gets or sets an exception <see cref="Sample"/> throws, standing in for a bug in the local adapter.</summary>
    public Exception? SampleFailure { get; set; }

    public DateTimeOffset? HeldUntil { get; private set; }

    public int HoldCount { get; private set; }

    public int ReleaseCount { get; private set; }

    /// <summary>Gets whether the last release asked to restore the local verdict (Redis lost) rather than close fresh (fleet closed).</summary>
    public bool? LastReleaseRestored { get; private set; }

    public int ProbesGranted { get; private set; }

    public Task Held => _held.Task;

    public Task Released => _released.Task;

    public Task ProbeGranted => _probeGranted.Task;

    public LocalHealth Sample() => SampleFailure is { } failure ? throw failure : Health;

    public void HoldOpen(DateTimeOffset breakEnd)
    {
        lock (_sync)
        {
            if (HeldUntil == breakEnd)
            {
                return;
            }

            HeldUntil = breakEnd;
            HoldCount++;
            _probe = null;
            _released = NewSignal();
            _held.TrySetResult();
        }
    }

    public void GrantProbe(Action<bool> onOutcome)
    {
        lock (_sync)
        {
            ProbesGranted++;
            _probe = onOutcome;
            _probeGranted.TrySetResult();
        }
    }

    public void RevokeProbe()
    {
        lock (_sync)
        {
            _probe = null;
        }
    }

    public void Release(bool restoreLocalVerdict)
    {
        lock (_sync)
        {
            HeldUntil = null;
            ReleaseCount++;
            LastReleaseRestored = restoreLocalVerdict;
            _probe = null;
            _held = NewSignal();
            _released.TrySetResult();
        }
    }

    /// <summary>Completes the granted probe the way a local breaker would when the probe call ends.</summary>
    public void CompleteProbe(bool success)
    {
        Action<bool>? probe;
        lock (_sync)
        {
            probe = _probe;
            _probe = null;
        }

        probe!.Invoke(success);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

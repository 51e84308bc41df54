using System.Threading.Tasks.Sources;

namespace Resilience.Internal;

/// <summary>What <see cref="PooledValueTaskMethodBuilder{TResult}"/> needs of a box, whatever its state machine type: the
/// <see cref="IValueTaskSource{TResult}"/> the frame's task is backed by.</summary>
/// <typeparam name="TResult">The frame's result type.</typeparam>
internal abstract class PooledValueTaskBox<TResult> : IValueTaskSource<TResult>
{
    // Continuations run where the frame completes, as with the runtime's builders.
    private ManualResetValueTaskSourceCore<TResult> _core;

    /// <summary>Gets the version the frame's task carries; it changes when the box goes back to the pool.</summary>
    public short Version => _core.Version;

    public void SetResult(TResult result) => _core.SetResult(result);

    public void SetException(Exception exception) => _core.SetException(exception);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Hands the frame's result over once, after the frame completed; the box is then reset and reused, so the task
    /// must not be consumed again.</summary>
    public TResult GetResult(short token)
    {
        // A task consumed a second time (a misuse of the ValueTask contract) fails here, before the finally below could
        // give a box that another call may already hold back to the pool again.
        if (token != _core.Version)
        {
            throw new InvalidOperationException("The task of this call was already consumed; a ValueTask can be awaited only once.");
        }

        // Blocking on a task whose call still runs (sync-over-async, also a misuse of the contract) fails here too: the
        // finally below would otherwise give the box of a running call to the next one, and the result would be lost.
        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException(
                "The task of this call has not completed yet: await it, or call AsTask() once and block on that Task, instead of reading its result now.");
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Return();
        }
    }

    /// <summary>Clears the state machine and gives the box back to its pool.</summary>
    protected abstract void Return();
}

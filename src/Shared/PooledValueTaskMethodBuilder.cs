using System.Runtime.CompilerServices;

namespace Resilience.Internal;

/// <summary>
/// The async method builder of the library's awaiting slow-path frames (<c>[AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder&lt;&gt;))]</c>):
/// like <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/>, a frame that suspends takes its state machine box from a
/// pool and gives it back when its <see cref="ValueTask{TResult}"/> is consumed, but the pool behind the per-thread slot is a
/// shared one of several boxes per frame type (<see cref="PooledValueTaskBox{TResult, TStateMachine}"/>).
/// </summary>
/// <remarks>
/// Why not the runtime's pool: behind its per-thread slot it keeps one box per frame type and processor. A call that
/// awaits I/O rents its boxes on the thread that starts it and returns them on the thread that runs the continuation, so
/// with the two on different processors most rentals missed (one run measured 8 B added per call through the recommended
/// pipeline, the next 1,037 B). The shared pool does not depend on where the threads run. A frame that completes without
/// suspending takes no box at all.
/// </remarks>
/// <typeparam name="TResult">The frame's result type.</typeparam>
internal struct PooledValueTaskMethodBuilder<TResult>
{
    private PooledValueTaskBox<TResult>? _box;
    private Exception? _exception;
    private TResult _result;

    /// <summary>Gets the task of the frame: its box once it suspended, else the result (or exception) it completed with.</summary>
    public readonly ValueTask<TResult> Task =>
        _box is { } box ? new ValueTask<TResult>(box, box.Version)
        : _exception is { } exception ? ValueTask.FromException<TResult>(exception)
        : new ValueTask<TResult>(_result);

    /// <summary>Creates a builder (the compiler's entry point).</summary>
    public static PooledValueTaskMethodBuilder<TResult> Create() => default;

#pragma warning disable CA1822 // The compiler's builder pattern calls these on the instance.

    /// <summary>Runs the frame's synchronous part, with the runtime's handling of the execution and synchronization contexts.</summary>
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        default(AsyncValueTaskMethodBuilder<TResult>).Start(ref stateMachine);

    /// <summary>Not used: the box holds the state machine (the compiler's pattern requires the method).</summary>
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }
#pragma warning restore CA1822

    /// <summary>Completes the frame with a result.</summary>
    public void SetResult(TResult result)
    {
        if (_box is { } box)
        {
            box.SetResult(result);
        }
        else
        {
            _result = result;
        }
    }

    /// <summary>Completes the frame with an exception.</summary>
    public void SetException(Exception exception)
    {
        if (_box is { } box)
        {
            box.SetException(exception);
        }
        else
        {
            _exception = exception;
        }
    }

    /// <summary>Suspends the frame on an awaiter.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(GetBox(ref stateMachine).MoveNextAction);

    /// <summary>Suspends the frame on an awaiter that does not flow the execution context itself (the box does).</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.UnsafeOnCompleted(GetBox(ref stateMachine).MoveNextAction);

    private PooledValueTaskBox<TResult, TStateMachine> GetBox<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var context = ExecutionContext.Capture();
        if (_box is PooledValueTaskBox<TResult, TStateMachine> suspended)
        {
            suspended.Context = context;
            return suspended;
        }

        // The box goes into the builder before the state machine (this builder is one of its fields) is copied into the
        // box, so both copies, and the caller's read of Task, see it.
        var box = PooledValueTaskBox<TResult, TStateMachine>.Rent();
        _box = box;
        box.StateMachine = stateMachine;
        box.Context = context;
        return box;
    }
}

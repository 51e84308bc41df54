using System.Runtime.CompilerServices;

namespace Resilience.Internal;

/// <summary>A pooled box of one frame type: the frame's state machine, the execution context it resumes in, and the
/// pool (one box parked per thread, then a shared pool) it comes from.</summary>
/// <typeparam name="TResult">The frame's result type.</typeparam>
/// <typeparam name="TStateMachine">The frame's state machine type.</typeparam>
internal sealed class PooledValueTaskBox<TResult, TStateMachine> : PooledValueTaskBox<TResult>
    where TStateMachine : IAsyncStateMachine
{
    private static readonly ObjectPool<PooledValueTaskBox<TResult, TStateMachine>> Pool = new(static () => new());

    private static readonly ContextCallback MoveNextInContext = static box => ((PooledValueTaskBox<TResult, TStateMachine>)box!).StateMachine.MoveNext();

    [ThreadStatic]
    private static PooledValueTaskBox<TResult, TStateMachine>? t_parked;

    private PooledValueTaskBox() => MoveNextAction = MoveNext;

    /// <summary>Gets the continuation the frame's awaiters call: one delegate per box, made once.</summary>
    public Action MoveNextAction { get; }

#pragma warning disable SA1401, CA1051 // Fields on purpose: the state machine runs in place (a property would copy it).
    public TStateMachine StateMachine = default!;

    public ExecutionContext? Context;
#pragma warning restore SA1401, CA1051

    public static PooledValueTaskBox<TResult, TStateMachine> Rent()
    {
        var box = t_parked;
        if (box is not null)
        {
            t_parked = null;
            return box;
        }

        return Pool.Get();
    }

    protected override void Return()
    {
        StateMachine = default!;
        Context = null;
        if (t_parked is null)
        {
            t_parked = this;
        }
        else
        {
            Pool.Return(this);
        }
    }

    private void MoveNext()
    {
        if (Context is { } context)
        {
            ExecutionContext.Run(context, MoveNextInContext, this);
        }
        else
        {
            StateMachine.MoveNext();
        }
    }
}

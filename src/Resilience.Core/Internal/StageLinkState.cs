namespace Resilience.Internal;

/// <summary>What the callback of stage <see cref="Index"/> needs to run the stage after it (or the operation).</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
/// <typeparam name="TState">The type of the operation's state.</typeparam>
internal readonly struct StageLinkState<TResult, TState>
{
    public StageLinkState(
        ResilienceStrategy[] stages,
        int index,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        TState state)
    {
        Stages = stages;
        Index = index;
        Callback = callback;
        State = state;
    }

    public ResilienceStrategy[] Stages { get; }

    /// <summary>Gets the index of the stage this state was handed to.</summary>
    public int Index { get; }

    public Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> Callback { get; }

    public TState State { get; }
}

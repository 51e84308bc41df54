namespace Resilience.Internal;

/// <summary>The callback every stage but the last receives: it runs the next stage, or the operation after the last one.</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
/// <typeparam name="TState">The type of the operation's state.</typeparam>
internal static class StageLink<TResult, TState>
{
    /// <summary>One cached delegate per instantiation, so linking stages allocates nothing.</summary>
    public static readonly Func<ResilienceContext, StageLinkState<TResult, TState>, ValueTask<Outcome<TResult>>> Next = static (context, link) =>
    {
        var next = link.Index + 1;
        var stages = link.Stages;

        // The last stage gets the operation's own callback: one hop fewer.
        return next == stages.Length - 1
            ? StageDispatcher.Dispatch(stages[next], link.Callback, context, link.State)
            : StageDispatcher.Dispatch(stages[next], Next!, context, new StageLinkState<TResult, TState>(stages, next, link.Callback, link.State));
    };
}

namespace Resilience.Internal;

/// <summary>The innermost callback of the throwing API: it runs the user's operation and turns its failure into an outcome.</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
/// <typeparam name="TState">The type of the user's state.</typeparam>
internal static class OperationCallback<TResult, TState>
{
    /// <summary>One cached delegate per instantiation.</summary>
    public static readonly Func<ResilienceContext, (Func<TState, CancellationToken, ValueTask<TResult>> Operation, TState State), ValueTask<Outcome<TResult>>> Instance =
        static (context, s) => OperationInvoker.InvokeAsync(s.Operation, s.State, context.CancellationToken);
}

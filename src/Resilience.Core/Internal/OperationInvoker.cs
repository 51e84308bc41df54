namespace Resilience.Internal;

/// <summary>Turns a user operation that throws into one that returns an <see cref="Outcome{TResult}"/>.</summary>
internal static class OperationInvoker
{
    public static async ValueTask<Outcome<TResult>> InvokeAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken)
    {
        try
        {
            // Perf: when the operation completes synchronously this method completes synchronously too, and
            // the async state machine is never boxed.
            return Outcome.FromResult(await operation(state, cancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Every failure of the operation becomes an outcome; the pipeline decides what it means.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<TResult>(ex);
        }
    }
}

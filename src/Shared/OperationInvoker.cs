using System.Runtime.CompilerServices;
namespace Resilience.Internal;

/// <summary>Turns a user operation that throws into one that returns an <see cref="Outcome{TResult}"/>.</summary>
/// <remarks>Shared source (src/Shared), compiled into Core, Batching and Extensions; it uses public API only.</remarks>
internal static class OperationInvoker
{
    public static ValueTask<Outcome<TResult>> InvokeAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = operation(state, cancellationToken);
        }
#pragma warning disable CA1031 // Every failure of the operation becomes an outcome; the pipeline decides what it means.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(ex));
        }

        // Perf: an operation that completed synchronously costs no state machine.
        return pending.IsCompletedSuccessfully
            ? new ValueTask<Outcome<TResult>>(Outcome.FromResult(pending.Result))
            : AwaitAsync(pending);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<TResult>> AwaitAsync<TResult>(ValueTask<TResult> pending)
    {
        try
        {
            return Outcome.FromResult(await pending.ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Every failure of the operation becomes an outcome; the pipeline decides what it means.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<TResult>(ex);
        }
    }
}

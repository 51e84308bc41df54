using Resilience.Internal;

namespace Resilience;

/// <content>The throwing execution API: failures come back as exceptions with their original stack traces.</content>
public sealed partial class ResiliencePipeline
{
    /// <summary>Runs an operation that returns a result, passing it <paramref name="state"/> so a static lambda allocates nothing.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    public async ValueTask<TResult> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var context = ResilienceContext.Get(cancellationToken);
        try
        {
            var outcome = await ExecuteOutcomeAsync(
                static (ctx, s) => OperationInvoker.InvokeAsync(s.operation, s.state, ctx.CancellationToken),
                context,
                (operation, state)).ConfigureAwait(false);
            return outcome.GetResultOrThrow();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    /// <summary>Runs an operation that returns a result.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    public ValueTask<TResult> ExecuteAsync<TResult>(
        Func<CancellationToken, ValueTask<TResult>> operation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(static (op, ct) => op(ct), operation, cancellationToken);
    }

    /// <summary>Runs an operation without a result, passing it <paramref name="state"/>.</summary>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>A task that completes when the operation does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    public async ValueTask ExecuteAsync<TState>(
        Func<TState, CancellationToken, ValueTask> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await ExecuteAsync(
            static async (s, ct) =>
            {
                await s.operation(s.state, ct).ConfigureAwait(false);
                return true;
            },
            (operation, state),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs an operation without a result.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>A task that completes when the operation does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(static (op, ct) => op(ct), operation, cancellationToken);
    }
}

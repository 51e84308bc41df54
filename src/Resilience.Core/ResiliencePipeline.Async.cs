using System.Runtime.CompilerServices;
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
    /// <remarks>On the asynchronous path the returned task is backed by a pooled state machine: consume it once (await it,
    /// or call <see cref="ValueTask{TResult}.AsTask"/> once), as the <see cref="ValueTask{TResult}"/> contract asks; reading its result
    /// with <c>GetAwaiter().GetResult()</c> before it completes throws <see cref="InvalidOperationException"/> (block on <c>AsTask()</c> instead).</remarks>
    public ValueTask<TResult> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (_stages.Length == 0)
        {
            return RunWithoutStages(operation, state, cancellationToken);
        }

        var context = ResilienceContext.Get(cancellationToken);
        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = StageDispatcher.Run(_stages, OperationCallback<TResult, TState>.Instance, context, (operation, state));
        }
#pragma warning disable CA1031 // Not swallowed: returned as a faulted task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Stages report failures as outcomes; only a bug (or a user callback such as a predicate) throws here. It comes
            // back in the task like every other failure (AwaitAsync rethrows it and returns the context); one exit fewer
            // keeps the JIT from spilling the success path's result.
            pending = ValueTask.FromException<Outcome<TResult>>(ex);
        }

        if (pending.IsCompletedSuccessfully)
        {
            // Perf: the usual case (every stage and the operation completed synchronously) costs no state machine.
            var outcome = pending.Result;
            ResilienceContext.Return(context);
            return outcome.HasResult ? new ValueTask<TResult>(outcome.Result!) : FailedAsync(outcome);
        }

        return AwaitAsync(pending, context);
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
    /// <remarks>On the asynchronous path the returned task is backed by a pooled state machine: consume it once (await it,
    /// or call <see cref="ValueTask.AsTask"/> once), as the <see cref="ValueTask"/> contract asks; reading its result
    /// with <c>GetAwaiter().GetResult()</c> before it completes throws <see cref="InvalidOperationException"/> (block on <c>AsTask()</c> instead).</remarks>
    public ValueTask ExecuteAsync<TState>(
        Func<TState, CancellationToken, ValueTask> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var pending = ExecuteAsync(
            static (s, ct) =>
            {
                var inner = s.operation(s.state, ct);
                if (inner.IsCompletedSuccessfully)
                {
                    // Perf: a synchronously completed operation costs no state machine.
                    inner.GetAwaiter().GetResult();
                    return new ValueTask<bool>(true);
                }

                return AwaitVoidOperationAsync(inner);
            },
            (operation, state),
            cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return ValueTask.CompletedTask;
        }

        return AwaitVoidAsync(pending);
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

    private static ValueTask<TResult> RunWithoutStages<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken)
    {
        try
        {
            return operation(state, cancellationToken);
        }
#pragma warning disable CA1031 // Not swallowed: returned as a faulted task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return FailedAsync(Outcome.FromException<TResult>(ex));
        }
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<TResult> AwaitAsync<TResult>(ValueTask<Outcome<TResult>> pending, ResilienceContext context)
    {
        try
        {
            var outcome = await pending.ConfigureAwait(false);
            return outcome.GetResultOrThrow();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

#pragma warning disable CS1998 // Async without await on purpose: the builder turns the throw into a faulted (or cancelled) task.
    private static async ValueTask<TResult> FailedAsync<TResult>(Outcome<TResult> outcome) => outcome.GetResultOrThrow();
#pragma warning restore CS1998

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitVoidAsync(ValueTask<bool> pending) => await pending.ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> AwaitVoidOperationAsync(ValueTask operation)
    {
        await operation.ConfigureAwait(false);
        return true;
    }
}

using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking.Internal;
using Resilience.Internal;

namespace Resilience.CircuitBreaking;

/// <content>Running operations through the breaker: asynchronous, synchronous and non-throwing.</content>
public sealed partial class CircuitBreaker
{
    /// <summary>Runs an operation that returns a result, passing it <paramref name="state"/> so a static lambda allocates nothing.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public ValueTask<TResult> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_machine.TryAcquire(out var permit, out var rejection))
        {
            return ValueTask.FromException<TResult>(rejection.CreateException());
        }

        ValueTask<TResult> pending;
        try
        {
            pending = operation(state, cancellationToken);
        }
#pragma warning disable CA1031 // Not swallowed: returned as a faulted task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<TResult>(TryRecordException(permit, ex, cancellationToken) ?? ex);
        }

        if (pending.IsCompletedSuccessfully)
        {
            // Perf: a synchronously completed operation costs no state machine.
            var result = pending.Result;
            try
            {
                permit.RecordResult(result, cancellationToken);
            }
#pragma warning disable CA1031 // Not swallowed: a throwing ShouldHandle faults the returned task (zero-cost on success, unlike a helper call).
            catch (Exception predicateFailure)
#pragma warning restore CA1031
            {
                return ValueTask.FromException<TResult>(predicateFailure);
            }

            return new ValueTask<TResult>(result);
        }

        return AwaitResultAsync(pending, permit, cancellationToken);
    }

    /// <summary>Runs an operation that returns a result.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public ValueTask<TResult> ExecuteAsync<TResult>(Func<CancellationToken, ValueTask<TResult>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(static (op, ct) => op(ct), operation, cancellationToken);
    }

    /// <summary>Runs an operation without a result, passing it <paramref name="state"/>.</summary>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>A task that completes when the operation does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    /// <remarks>An operation without a result succeeds when it does not throw; <see cref="CircuitBreakerOptions.ShouldHandle"/> sees only its exceptions.</remarks>
    public ValueTask ExecuteAsync<TState>(
        Func<TState, CancellationToken, ValueTask> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_machine.TryAcquire(out var permit, out var rejection))
        {
            return ValueTask.FromException(rejection.CreateException());
        }

        ValueTask pending;
        try
        {
            pending = operation(state, cancellationToken);
        }
#pragma warning disable CA1031 // Not swallowed: returned as a faulted task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ValueTask.FromException(TryRecordException(permit, ex, cancellationToken) ?? ex);
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            permit.RecordSuccess();
            return ValueTask.CompletedTask;
        }

        return AwaitVoidAsync(pending, permit, cancellationToken);
    }

    /// <summary>Runs an operation without a result.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>A task that completes when the operation does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteAsync(static (op, ct) => op(ct), operation, cancellationToken);
    }

    /// <summary>Runs a synchronous operation that returns a result, passing it <paramref name="state"/>.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public TResult Execute<TResult, TState>(Func<TState, CancellationToken, TResult> operation, TState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_machine.TryAcquire(out var permit, out var rejection))
        {
            throw rejection.CreateException();
        }

        TResult result;
        try
        {
            result = operation(state, cancellationToken);
        }
        catch (Exception ex)
        {
            permit.RecordException(ex, cancellationToken);
            throw;
        }

        permit.RecordResult(result, cancellationToken);
        return result;
    }

    /// <summary>Runs a synchronous operation that returns a result.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public TResult Execute<TResult>(Func<CancellationToken, TResult> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Execute(static (op, ct) => op(ct), operation, cancellationToken);
    }

    /// <summary>Runs a synchronous operation without a result, passing it <paramref name="state"/>.</summary>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public void Execute<TState>(Action<TState, CancellationToken> operation, TState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!_machine.TryAcquire(out var permit, out var rejection))
        {
            throw rejection.CreateException();
        }

        try
        {
            operation(state, cancellationToken);
        }
        catch (Exception ex)
        {
            permit.RecordException(ex, cancellationToken);
            throw;
        }

        permit.RecordSuccess();
    }

    /// <summary>Runs a synchronous operation without a result.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="CircuitOpenException">The circuit rejected the call; the operation did not run.</exception>
    public void Execute(Action<CancellationToken> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Execute(static (op, ct) => op(ct), operation, cancellationToken);
    }

    /// <summary>
    /// Runs an operation and returns its outcome instead of throwing: a rejection (allocation-free), the
    /// operation's exception, or its result.
    /// </summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <typeparam name="TState">The type of the state.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="state">The state passed to <paramref name="operation"/>.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>The outcome; <see cref="Outcome{TResult}.IsRejected"/> when the circuit rejected the call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    public ValueTask<Outcome<TResult>> ExecuteOutcomeAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);

        // Perf: the admitted call runs out of line, so a rejection's frame stays small (nothing to zero but the permit);
        // the rejection's exception is created only if somebody reads it.
        return _machine.TryAcquire(out var permit, out var rejection)
            ? RunAdmittedForOutcome(permit, operation, state, cancellationToken)
            : new ValueTask<Outcome<TResult>>(rejection.ToOutcome<TResult>());
    }

    /// <summary>Runs an operation and returns its outcome instead of throwing.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's token, passed to <paramref name="operation"/>; a cancellation it causes is not counted.</param>
    /// <returns>The outcome; <see cref="Outcome{TResult}.IsRejected"/> when the circuit rejected the call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    public ValueTask<Outcome<TResult>> ExecuteOutcomeAsync<TResult>(Func<CancellationToken, ValueTask<TResult>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return ExecuteOutcomeAsync(static (op, ct) => op(ct), operation, cancellationToken);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<Outcome<TResult>> RunAdmittedForOutcome<TResult, TState>(
        CircuitBreakerPermit permit,
        Func<TState, CancellationToken, ValueTask<TResult>> operation,
        TState state,
        CancellationToken cancellationToken)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = operation(state, cancellationToken);
        }
#pragma warning disable CA1031 // The non-throwing API returns every failure of the operation as an outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return TryRecordException(permit, ex, cancellationToken) is { } predicateFailure
                ? ValueTask.FromException<Outcome<TResult>>(predicateFailure)
                : new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(ex));
        }

        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            try
            {
                permit.RecordResult(result, cancellationToken);
            }
#pragma warning disable CA1031 // Not swallowed: a throwing ShouldHandle faults the returned task, as on the asynchronous path.
            catch (Exception predicateFailure)
#pragma warning restore CA1031
            {
                return ValueTask.FromException<Outcome<TResult>>(predicateFailure);
            }

            return new ValueTask<Outcome<TResult>>(Outcome.FromResult(result));
        }

        return AwaitOutcomeAsync(pending, permit, cancellationToken);
    }

    // A ShouldHandle that throws on a synchronously completed call must fault the returned task, as it does on the
    // asynchronous path: a ValueTask-returning method never throws from the call itself.
    private static Exception? TryRecordException(CircuitBreakerPermit permit, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            permit.RecordException(exception, cancellationToken);
            return null;
        }
#pragma warning disable CA1031 // Not swallowed: the predicate's exception faults the returned task.
        catch (Exception predicateFailure)
#pragma warning restore CA1031
        {
            return predicateFailure;
        }
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<TResult> AwaitResultAsync<TResult>(ValueTask<TResult> pending, CircuitBreakerPermit permit, CancellationToken cancellationToken)
    {
        TResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            permit.RecordException(ex, cancellationToken);
            throw;
        }

        permit.RecordResult(result, cancellationToken);
        return result;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitVoidAsync(ValueTask pending, CircuitBreakerPermit permit, CancellationToken cancellationToken)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            permit.RecordException(ex, cancellationToken);
            throw;
        }

        permit.RecordSuccess();
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<TResult>> AwaitOutcomeAsync<TResult>(ValueTask<TResult> pending, CircuitBreakerPermit permit, CancellationToken cancellationToken)
    {
        TResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The non-throwing API returns every failure of the operation as an outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            permit.RecordException(ex, cancellationToken);
            return Outcome.FromException<TResult>(ex);
        }

        permit.RecordResult(result, cancellationToken);
        return Outcome.FromResult(result);
    }
}

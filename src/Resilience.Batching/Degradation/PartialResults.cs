using Resilience.Internal;

namespace Resilience.Degradation;

/// <summary>
/// Runs several independent operations concurrently and accepts a partial answer when enough of them succeed
/// (for example a page built from five recommendation services, where three answers are good enough).
/// </summary>
public static class PartialResults
{
    /// <summary>Runs <paramref name="operations"/> concurrently and returns what succeeded and what failed.</summary>
    /// <typeparam name="TResult">The type of the results.</typeparam>
    /// <param name="operations">The operations; each gets a token that is cancelled at the deadline.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults (half must succeed, no deadline).</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The successes and failures, when the share of successes reached <see cref="PartialResultsOptions.MinSuccessRatio"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operations"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="PartialResultsException">Too few operations succeeded; the exception lists every failure.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    /// <remarks>
    /// <para>The operations are started one after the other on the calling thread and run concurrently from their first
    /// <c>await</c>: an operation that blocks before awaiting delays the others, so wrap CPU-bound work in <c>Task.Run</c>.</para>
    /// <para>At the deadline every unfinished operation's token is cancelled and it is recorded as a
    /// <see cref="TimeoutException"/> failure at once: the call does not wait for operations that ignore their token.</para>
    /// </remarks>
    public static async Task<PartialResult<TResult>> ExecuteAsync<TResult>(
        IReadOnlyList<Func<CancellationToken, ValueTask<TResult>>> operations,
        PartialResultsOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        options ??= new PartialResultsOptions();
        Validate(operations, options);

        using var operationsCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task<Outcome<TResult>>[operations.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = OperationInvoker.InvokeAsync(static (op, ct) => op(ct), operations[i], operationsCts.Token).AsTask();
        }

        // The tasks never fault (failures are outcomes), so waiting ends only by completion, deadline or cancellation.
        var all = Task.WhenAll(tasks);
        bool[]? lateAtDeadline = null;
        if (options.Deadline is { } deadline)
        {
            try
            {
                await all.WaitAsync(deadline, options.TimeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Which operations were late is decided before cancelling them: a straggler that reacts to its
                // token completes at once with a cancellation, but it still failed by missing the deadline.
                lateAtDeadline = Array.ConvertAll(tasks, static t => !t.IsCompleted);
                await operationsCts.CancelAsync().ConfigureAwait(false);
            }
        }
        else
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return Collect(tasks, lateAtDeadline, options);
    }

    private static PartialResult<TResult> Collect<TResult>(Task<Outcome<TResult>>[] tasks, bool[]? lateAtDeadline, PartialResultsOptions options)
    {
        var successes = new List<PartialSuccess<TResult>>(tasks.Length);
        var failures = new List<PartialFailure>();
        for (var i = 0; i < tasks.Length; i++)
        {
            if (lateAtDeadline?[i] == true || !tasks[i].IsCompletedSuccessfully)
            {
                failures.Add(new PartialFailure(i, new TimeoutException($"Operation {i} did not complete within the deadline of {options.Deadline}.")));
                continue;
            }

            var outcome = tasks[i].Result;
            if (outcome.HasResult)
            {
                successes.Add(new PartialSuccess<TResult>(i, outcome.Result!));
            }
            else
            {
                failures.Add(new PartialFailure(i, outcome.Exception!));
            }
        }

        var result = new PartialResult<TResult>(successes, failures);
        if (result.SuccessRatio < options.MinSuccessRatio)
        {
            throw new PartialResultsException(tasks.Length, options.MinSuccessRatio, failures);
        }

        return result;
    }

    private static void Validate<TResult>(IReadOnlyList<Func<CancellationToken, ValueTask<TResult>>> operations, PartialResultsOptions options)
    {
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        for (var i = 0; i < operations.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(operations[i], $"operations[{i}]");
        }
    }
}

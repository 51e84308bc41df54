namespace Resilience.Batching;

/// <content>One run: hands batches to the processor through the breaker and keeps the account.</content>
public sealed partial class ResilientBatchProcessor<TItem>
{
    /// <summary>The state of one run. Used by one run at a time, under the processor's run gate.</summary>
    private sealed class Run(ResilientBatchProcessor<TItem> owner, int batchSize)
    {
        private readonly List<BatchDetail> _batches = [];
        private readonly List<FailedItem<TItem>> _failedItems = [];
        private TimeSpan? _retryAfter;

        /// <summary>Gets a value indicating whether the circuit rejected the run's first batch, before anything ran.</summary>
        public bool RejectedFirstBatch { get; private set; }

        /// <summary>Runs one batch. Returns <see langword="false"/> when the circuit rejected it (it is then kept).</summary>
        /// <remarks>A cancellation by the caller is thrown without keeping the batch: the caller keeps what it took.</remarks>
        public async ValueTask<bool> ProcessBatchAsync(IReadOnlyList<TItem> batch, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var number = _batches.Count + 1;
            var items = batch.ToArray();
            Outcome<IReadOnlyList<BatchItemFailure>> outcome;
            try
            {
                outcome = await owner._breaker.ExecuteOutcomeAsync(
                    static (s, ct) => s.Processor(s.Items, ct),
                    (Processor: owner._processor, Items: (IReadOnlyList<TItem>)items),
                    cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Not swallowed: the batch is kept with the exception as its error, and the report shows it.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                // The breaker's own callback (its ShouldHandle) threw while it classified the outcome: the batch's fate is
                // unknown, so it is kept for a retry like a batch whose processor threw.
                KeepAsError(number, items, ex);
                return true;
            }

            if (outcome.IsRejected)
            {
                RejectedFirstBatch = _batches.Count == 0;
                _retryAfter = outcome.RetryAfter;
                owner.Keep(items);
                _batches.Add(new BatchDetail(number, BatchStatus.CircuitOpen, items.Length, 0, 0, items.Length, outcome.Exception));
                return false;
            }

            if (!outcome.HasResult)
            {
                if (cancellationToken.IsCancellationRequested && outcome.Exception is OperationCanceledException)
                {
                    outcome.ThrowIfException();
                }

                KeepAsError(number, items, outcome.Exception!);
                return true;
            }

            var failures = outcome.Result ?? [];
            if (FindInvalidFailure(failures, items.Length) is { } invalid)
            {
                KeepAsError(number, items, invalid);
                return true;
            }

            foreach (var failure in failures)
            {
                _failedItems.Add(new FailedItem<TItem>(items[failure.Index], failure.Error));
            }

            Interlocked.Add(ref owner._processed, items.Length - failures.Count);
            Interlocked.Add(ref owner._failed, failures.Count);
            _batches.Add(new BatchDetail(number, BatchStatus.Processed, items.Length, items.Length - failures.Count, failures.Count, 0, null));
            return true;
        }

        /// <summary>Keeps items the run did not reach, in order.</summary>
        public void KeepRemaining(IReadOnlyList<TItem> items)
        {
            if (items.Count > 0)
            {
                owner.Keep(items);
                _batches.Add(new BatchDetail(0, BatchStatus.SkippedRemaining, items.Count, 0, 0, items.Count, null));
            }
        }

        public BatchRunReport<TItem> ToReport(int keptTotal, BatchRunStatus? status = null)
        {
            var ended = status ?? (_batches.Exists(static b => b.Status == BatchStatus.CircuitOpen) ? BatchRunStatus.CircuitOpen : BatchRunStatus.Completed);
            return new BatchRunReport<TItem>(ended, batchSize, _batches, _failedItems, keptTotal, _retryAfter);
        }

        private void KeepAsError(int number, TItem[] items, Exception error)
        {
            owner.Keep(items);
            _batches.Add(new BatchDetail(number, BatchStatus.Error, items.Length, 0, 0, items.Length, error));
        }

        // A processor that reports an index twice or out of range has failed the batch: nothing it said can be trusted.
        private static InvalidOperationException? FindInvalidFailure(IReadOnlyList<BatchItemFailure> failures, int size)
        {
            var seen = new bool[size];
            foreach (var failure in failures)
            {
                if ((uint)failure.Index >= (uint)size || seen[failure.Index])
                {
                    return new InvalidOperationException(
                        $"The batch processor reported item index {failure.Index} as failed, which is out of range or repeated for a batch of {size}.");
                }

                seen[failure.Index] = true;
            }

            return null;
        }
    }
}

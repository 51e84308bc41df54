using System.Threading.Channels;
using Resilience.Internal;

namespace Resilience.Batching;

/// <summary>
/// Processes items in batches through a circuit breaker and loses nothing:
/// when the circuit opens, the rejected batch and every item queued after it are kept, in order, for
/// <see cref="RetryKeptAsync"/>; a batch whose processor throws is kept too; items the processor reports as failed
/// are captured with their errors.
/// </summary>
/// <typeparam name="TItem">The type of the items.</typeparam>
/// <remarks>
/// <para>Producers may <see cref="Add"/> items from any thread, also while a run is in progress: the queue is a
/// <see cref="Channel{T}"/>. Runs (<see cref="ProcessAsync(CancellationToken)"/>, <see cref="RetryKeptAsync"/>) take turns.</para>
/// <para>Invariant: <see cref="Processed"/> + <see cref="Failed"/> + <see cref="Kept"/> + <see cref="Pending"/> equals
/// <see cref="Submitted"/> whenever no run is in progress, and an item is handed to the processor again only
/// when its batch was kept, that is when the processor threw or the circuit rejected it.</para>
/// </remarks>
public sealed partial class ResilientBatchProcessor<TItem> : IDisposable
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, ValueTask<IReadOnlyList<BatchItemFailure>>> _processor;
    private readonly CircuitBreaking.CircuitBreaker _breaker;
    private readonly int _batchSize;
    private readonly int _retryBatchSize;
    private readonly Channel<TItem> _queue = Channel.CreateUnbounded<TItem>();
    private readonly SemaphoreSlim _runGate = new(1, 1);
    private readonly Lock _keptLock = new();
    private readonly List<TItem> _kept = [];
    private long _submitted;
    private long _processed;
    private long _failed;

    /// <summary>Initializes a new instance of the <see cref="ResilientBatchProcessor{TItem}"/> class.</summary>
    /// <param name="processor">
    /// Processes one batch and returns the items it could not process (by index in the batch); an empty list means all
    /// succeeded. To fail the whole batch (and count a failure on the breaker), throw: the batch is kept for a retry.
    /// </param>
    /// <param name="breaker">The breaker that guards the processor; share it with other callers of the same service.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="processor"/> or <paramref name="breaker"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ResilientBatchProcessor(
        Func<IReadOnlyList<TItem>, CancellationToken, ValueTask<IReadOnlyList<BatchItemFailure>>> processor,
        CircuitBreaking.CircuitBreaker breaker,
        BatchProcessorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(breaker);
        options ??= new BatchProcessorOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _processor = processor;
        _breaker = breaker;
        _batchSize = options.BatchSize;
        _retryBatchSize = Math.Max(options.MinRetryBatchSize, options.BatchSize / 2);
    }

    /// <summary>Gets the number of items ever added.</summary>
    public long Submitted => Interlocked.Read(ref _submitted);

    /// <summary>Gets the number of items the processor processed.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Gets the number of items the processor reported as failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the number of items kept for <see cref="RetryKeptAsync"/>.</summary>
    public int Kept
    {
        get
        {
            lock (_keptLock)
            {
                return _kept.Count;
            }
        }
    }

    /// <summary>Gets the number of items added and not yet taken by a run.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>Queues an item for the next run. Safe to call from any thread, also during a run.</summary>
    /// <param name="item">The item.</param>
    public void Add(TItem item)
    {
        Interlocked.Increment(ref _submitted);
        _queue.Writer.TryWrite(item);
    }

    /// <summary>Queues items, in order, for the next run.</summary>
    /// <param name="items">The items.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    public void AddRange(IEnumerable<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Takes a copy of the kept items, in order.</summary>
    /// <returns>The kept items.</returns>
    public IReadOnlyList<TItem> GetKeptItems()
    {
        lock (_keptLock)
        {
            return _kept.ToArray();
        }
    }

    /// <summary>Queues <paramref name="items"/> and runs batches until the queue is empty or the circuit rejects one.</summary>
    /// <param name="items">The items.</param>
    /// <param name="cancellationToken">Cancels the run; the current batch is then kept.</param>
    /// <returns>The run's report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    public ValueTask<BatchRunReport<TItem>> ProcessAsync(IEnumerable<TItem> items, CancellationToken cancellationToken = default)
    {
        AddRange(items);
        return ProcessAsync(cancellationToken);
    }

    /// <summary>Processes queued items in batches until the queue is empty or the circuit opens.</summary>
    /// <param name="cancellationToken">Cancels the run; the current batch is then kept.</param>
    /// <returns>The run's report.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled; no item was lost.</exception>
    public async ValueTask<BatchRunReport<TItem>> ProcessAsync(CancellationToken cancellationToken = default)
    {
        await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var run = new Run(this, _batchSize);
            var batch = new List<TItem>(_batchSize);
            while (TakeFromQueue(batch, _batchSize))
            {
                bool admitted;
                try
                {
                    admitted = await run.ProcessBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Keep(batch);
                    throw;
                }

                if (!admitted)
                {
                    batch.Clear();
                    while (_queue.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }

                    run.KeepRemaining(batch);
                    break;
                }
            }

            return run.ToReport(Kept);
        }
        finally
        {
            _runGate.Release();
        }
    }

    /// <summary>
    /// Retries the kept items in order, with half the batch size (at least <see cref="BatchProcessorOptions.MinRetryBatchSize"/>).
    /// While the circuit is still open, the retry is refused and every item stays kept.
    /// </summary>
    /// <param name="cancellationToken">Cancels the run; the current batch and the rest are then kept.</param>
    /// <returns>The run's report; <see cref="BatchRunStatus.Refused"/> when the circuit is still open.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled; no item was lost.</exception>
    public async ValueTask<BatchRunReport<TItem>> RetryKeptAsync(CancellationToken cancellationToken = default)
    {
        await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TItem[] items;
            lock (_keptLock)
            {
                items = _kept.ToArray();
                _kept.Clear();
            }

            var run = new Run(this, _retryBatchSize);
            if (items.Length == 0)
            {
                return run.ToReport(0, BatchRunStatus.NothingToRetry);
            }

            var next = 0;
            try
            {
                for (; next < items.Length; next += _retryBatchSize)
                {
                    var batch = new ArraySegment<TItem>(items, next, Math.Min(_retryBatchSize, items.Length - next));
                    if (!await run.ProcessBatchAsync(batch, cancellationToken).ConfigureAwait(false))
                    {
                        next += batch.Count;
                        break;
                    }
                }
            }
            finally
            {
                // Whatever this run did not reach (after an open circuit or a cancellation) stays kept, in order.
                run.KeepRemaining(new ArraySegment<TItem>(items, Math.Min(next, items.Length), items.Length - Math.Min(next, items.Length)));
            }

            return run.ToReport(Kept, run.RejectedFirstBatch ? BatchRunStatus.Refused : null);
        }
        finally
        {
            _runGate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _runGate.Dispose();
    }

    private bool TakeFromQueue(List<TItem> batch, int size)
    {
        batch.Clear();
        while (batch.Count < size && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        return batch.Count > 0;
    }

    private void Keep(IEnumerable<TItem> items)
    {
        lock (_keptLock)
        {
            _kept.AddRange(items);
        }
    }
}

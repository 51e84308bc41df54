using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Resilience.Bulkhead.Internal;
using Resilience.Internal;

namespace Resilience.Bulkhead;

/// <summary>
/// A per-service concurrency limit: at most <see cref="BulkheadOptions.MaxConcurrency"/> calls in flight, at most
/// <see cref="BulkheadOptions.QueueLimit"/> waiting, and a <see cref="BulkheadRejectedException"/> rejection beyond that.
/// </summary>
/// <remarks>
/// <para>Share one instance between every pipeline that calls the same service, so the limit is per service.</para>
/// <para>The slots are a <see cref="SemaphoreSlim"/>: taking a free slot is synchronous and allocates nothing, and
/// queued callers are served first come, first served. <c>System.Threading.RateLimiting.ConcurrencyLimiter</c> was
/// measured and not used: it allocates a lease object per acquired call (see docs/benchmarks/degradation.md).</para>
/// <para>Metrics on the shared <c>Resilience</c> meter: the gauges <c>resilience.bulkhead.in_flight</c> and
/// <c>resilience.bulkhead.queued</c> and the counter <c>resilience.bulkhead.rejections</c>, tagged <c>bulkhead.name</c>;
/// the same numbers are the properties <see cref="InFlight"/>, <see cref="Queued"/> and <see cref="Rejected"/>.</para>
/// <para>A rejection travels through the pipeline as an allocation-free rejected outcome; its exception is only
/// created when somebody reads it or it is thrown at the edge.</para>
/// </remarks>
[SuppressMessage("Usage", "CA2213", Justification = "The slots are only used with Wait/WaitAsync/Release and never create a wait handle; Dispose stops admitting calls, and calls admitted before it still release their slots.")]
public sealed partial class BulkheadStrategy : ResilienceStrategy, IRejectionSource, IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline _self;
    private readonly BulkheadOptions _options;
    private int _queued;
    private long _rejected;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="BulkheadStrategy"/> class.</summary>
    /// <param name="options">The options; they are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public BulkheadStrategy(BulkheadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _options = options;
        Name = options.Name;
        MaxConcurrency = options.MaxConcurrency;
        QueueLimit = options.QueueLimit;
        _slots = new SemaphoreSlim(MaxConcurrency, MaxConcurrency);
        _self = ResiliencePipeline.ForStage(this);
        BulkheadMetrics.Track(this);
    }

    /// <summary>Gets the <see cref="BulkheadOptions"/> the stage was built from.</summary>
    public override object? Options => _options;

    /// <summary>Gets the name of the protected service.</summary>
    public string? Name { get; }

    /// <summary>Gets the number of calls allowed in flight at the same time.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Gets the number of calls allowed to wait for a slot.</summary>
    public int QueueLimit { get; }

    /// <summary>Gets the number of calls in flight now.</summary>
    public int InFlight => MaxConcurrency - _slots.CurrentCount;

    /// <summary>Gets the number of calls waiting for a slot now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Gets the number of calls rejected since this bulkhead was created.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Runs <paramref name="operation"/> inside this bulkhead, outside a pipeline.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">The caller's cancellation token; it also cancels the wait in the queue.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <exception cref="BulkheadRejectedException">Every slot was taken and the queue was full.</exception>
    public ValueTask<TResult> ExecuteAsync<TResult>(Func<CancellationToken, ValueTask<TResult>> operation, CancellationToken cancellationToken = default) =>
        _self.ExecuteAsync(operation, cancellationToken);

    /// <summary>Stops admitting calls: a later call fails with <see cref="ObjectDisposedException"/>.</summary>
    /// <remarks>Calls already in flight or queued when it is disposed run on and keep their own outcome; the bulkhead
    /// leaves its gauges at once.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            BulkheadMetrics.Untrack(this);
        }
    }

    /// <inheritdoc/>
    ExecutionRejectedException IRejectionSource.CreateRejectedException(TimeSpan retryAfter) =>
        new BulkheadRejectedException(Name, MaxConcurrency, QueueLimit);

    /// <inheritdoc/>
    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    /// <summary>The stage's work, non-virtual so a pipeline calls it directly (see <see cref="Resilience.Internal.StageDispatcher"/>).</summary>
    internal ValueTask<Outcome<TResult>> ExecuteStageAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(new ObjectDisposedException(nameof(BulkheadStrategy))));
        }

        // Perf: a free slot is taken synchronously (no Task, no allocation); only a full bulkhead goes the slow way.
        return _slots.Wait(0) ? RunInSlotAsync(callback, context, state) : QueueOrRejectAsync(callback, context, state);
    }

    private ValueTask<Outcome<TResult>> RunInSlotAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        if (pending.IsCompleted)
        {
            // Perf: an operation that completed synchronously releases its slot without a state machine.
            _slots.Release();
            return pending;
        }

        return ReleaseWhenDoneAsync(pending);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TResult>> ReleaseWhenDoneAsync<TResult>(ValueTask<Outcome<TResult>> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<Outcome<TResult>> QueueOrRejectAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        // The queue bound and the rejection count live in TakeSlotAsync, shared with the RateLimiter adapter.
        bool taken;
        try
        {
            taken = await TakeSlotAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<TResult>(ex);
        }

        if (!taken)
        {
            return Outcome.FromRejection<TResult>(this, TimeSpan.Zero);
        }

        return await RunInSlotAsync(callback, context, state).ConfigureAwait(false);
    }
}

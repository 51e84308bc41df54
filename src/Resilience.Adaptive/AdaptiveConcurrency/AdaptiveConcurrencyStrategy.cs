using System.Runtime.CompilerServices;
using Resilience.AdaptiveConcurrency.Internal;
using Resilience.Internal;
using Resilience.Timeout;

namespace Resilience.AdaptiveConcurrency;

/// <summary>
/// A concurrency limit that follows the measured latency of the protected service (Netflix's concurrency-limits): it
/// grows while latency stays at its no-load level and shrinks when latency rises or calls time out, so the number of calls
/// in flight settles near what the service can serve. A call over the limit is rejected at once with an
/// <see cref="AdaptiveConcurrencyRejectedException"/> (it never queues). Add it with <c>AddAdaptiveConcurrencyLimit</c>.
/// </summary>
/// <remarks>
/// <para>Put it outside the per-attempt stages (breaker, attempt timeout) of one service, and share one instance per
/// service. Each completed call is one sample: its latency, the calls in flight when it started and whether it was a drop
/// (<see cref="AdaptiveConcurrencyOptions.IsDrop"/>). The caller's own cancellation is not a sample.</para>
/// <para>Metrics on the shared <c>Resilience</c> meter, tagged <c>adaptive_concurrency.name</c> and
/// <c>adaptive_concurrency.algorithm</c>: the gauges <c>resilience.adaptive_concurrency.limit</c>,
/// <c>resilience.adaptive_concurrency.in_flight</c> and <c>resilience.adaptive_concurrency.rtt</c> (seconds, one series per
/// estimate the algorithm keeps, tag <c>adaptive_concurrency.estimate</c>), and the counter
/// <c>resilience.adaptive_concurrency.rejections</c>.</para>
/// <para>Thread-safe. Admission is two interlocked operations; a sample takes a short lock. The success path allocates nothing,
/// and a rejection travels as an allocation-free rejected outcome.</para>
/// </remarks>
public sealed class AdaptiveConcurrencyStrategy : ResilienceStrategy, IRejectionSource, IDisposable
{
    private readonly AdaptiveConcurrencyOptions _options;
    private readonly Lock _lock = new();
    private readonly LimitAlgorithm _algorithm;
    private readonly Func<OutcomeArguments, bool>? _isDrop;
    private readonly TimeProvider _time;
    private int _limit;
    private int _inFlight;
    private long _rejected;

    /// <summary>Initializes a new instance of the <see cref="AdaptiveConcurrencyStrategy"/> class.</summary>
    /// <param name="options">The options; they are copied.</param>
    /// <param name="timeProvider">The clock latencies are measured on; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names the option and the value.</exception>
    public AdaptiveConcurrencyStrategy(AdaptiveConcurrencyOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, null)
    {
    }

    internal AdaptiveConcurrencyStrategy(AdaptiveConcurrencyOptions options, TimeProvider? timeProvider, string? pipelineName)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        Name = options.Name ?? pipelineName ?? AdaptiveConcurrencyConstants.DefaultName;
        Algorithm = options.Algorithm;
        _algorithm = options.Algorithm switch
        {
            AdaptiveLimitAlgorithm.Aimd => new AimdAlgorithm(options.InitialLimit, options.MinLimit, options.MaxLimit, options.BackoffRatio, options.DropLatency.TotalSeconds),
            AdaptiveLimitAlgorithm.Vegas => new VegasAlgorithm(options.InitialLimit, options.MinLimit, options.MaxLimit),
            _ => new GradientAlgorithm(options.InitialLimit, options.MinLimit, options.MaxLimit, options.RttTolerance, options.LongWindow),
        };
        _limit = options.InitialLimit;
        _isDrop = options.IsDrop;
        _time = timeProvider ?? TimeProvider.System;
        AdaptiveConcurrencyMetrics.Track(this);
    }

    /// <summary>Gets the name in telemetry.</summary>
    public string Name { get; }

    /// <summary>Gets the algorithm that moves the limit.</summary>
    public AdaptiveLimitAlgorithm Algorithm { get; }

    /// <summary>Gets the current limit: calls beyond it are rejected.</summary>
    public int Limit => Volatile.Read(ref _limit);

    /// <summary>Gets the number of calls in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the number of calls rejected since the stage was created.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <inheritdoc/>
    /// <remarks>Removes the stage from the gauges; calls still work.</remarks>
    public void Dispose() => AdaptiveConcurrencyMetrics.Untrack(this);

    /// <inheritdoc/>
    ExecutionRejectedException IRejectionSource.CreateRejectedException(TimeSpan retryAfter) => new AdaptiveConcurrencyRejectedException(Name, Limit);

    /// <summary>Reads the algorithm's two latency estimates, for the RTT gauge.</summary>
    internal (string Name, double Seconds) [] ReadEstimates()
    {
        double first, second;
        lock (_lock)
        {
            _algorithm.Estimates_NeedsLock(out first, out second);
        }

        var names = _algorithm.EstimateNames;
        return [(names.First, first), (names.Second, second)];
    }

    /// <inheritdoc/>
    public override object? Options => _options;

    /// <inheritdoc/>
    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    private ValueTask<Outcome<TResult>> ExecuteStageAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight > Volatile.Read(ref _limit))
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _rejected);
            AdaptiveConcurrencyMetrics.RecordRejection(this);
            return new ValueTask<Outcome<TResult>>(Outcome.FromRejection<TResult>(this, System.Threading.Timeout.InfiniteTimeSpan));
        }

        var start = _time.GetTimestamp();
        var callerToken = context.CancellationToken;
        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            Complete(outcome, context, start, inFlight, callerToken);
            return new ValueTask<Outcome<TResult>>(outcome);
        }

        return AwaitAsync(pending, context, start, inFlight, callerToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TResult>> AwaitAsync<TResult>(ValueTask<Outcome<TResult>> pending, ResilienceContext context, long start, int inFlight, CancellationToken callerToken)
    {
        Outcome<TResult> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        Complete(outcome, context, start, inFlight, callerToken);
        return outcome;
    }

    private void Complete<TResult>(in Outcome<TResult> outcome, ResilienceContext context, long start, int inFlight, CancellationToken callerToken)
    {
        Interlocked.Decrement(ref _inFlight);
        // Perf: a rejection (a drop) is never the caller's cancellation, and reading its exception would build one.
        var exception = outcome.IsRejected ? null : outcome.Exception;

        // The caller gave up: that says nothing about the service.
        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return;
        }

        var dropped = _isDrop is not null
            ? _isDrop(OutcomeArguments.From(outcome, context))
            : outcome.IsRejected || exception is TimeoutRejectedException or TimeoutException;
        var now = _time.GetTimestamp();
        var rtt = _time.GetElapsedTime(start, now).TotalSeconds;
        lock (_lock)
        {
            _algorithm.Update_NeedsLock(rtt, inFlight, dropped, start, now);
            Volatile.Write(ref _limit, (int)_algorithm.Estimate);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Resilience.Internal;
using Resilience.RateLimiting.Internal;
using Resilience.Telemetry;

namespace Resilience.RateLimiting;

/// <summary>
/// A pipeline stage that takes one permit from a <see cref="RateLimiter"/> (or a partitioned one) for each call and
/// rejects the call with a <see cref="RateLimiterRejectedException"/> carrying the limiter's retry-after when none is
/// granted. Add it with <c>AddRateLimiter</c>.
/// </summary>
/// <remarks>
/// <para>The lease is disposed on every path: after the operation completes, when it throws, and after a rejection. A
/// limiter with a queue makes the call wait there (cancelled by the call's token); the stage never retries a rejection
/// itself, and a retry stage outside it retries one only when its retry-after is known and short (see docs/pipeline.md).</para>
/// <para>Thread-safe. The stage adds no allocation of its own on the success path; what the limiter allocates per lease
/// is its own (a <see cref="TokenBucketRateLimiter"/> with tokens hands out a cached lease, a <see cref="ConcurrencyLimiter"/>
/// allocates one per call).</para>
/// </remarks>
public sealed class RateLimiterStrategy : ResilienceStrategy
{
    private readonly RateLimiterStrategyOptions _options;
    private readonly RateLimiter? _limiter;
    private readonly PartitionedRateLimiter<ResilienceContext>? _partitioned;
    private readonly Func<OnRateLimiterRejectedArguments, ValueTask>? _onRejected;
    private readonly ResilienceTelemetryListener? _listener;

    /// <summary>Initializes a new instance of the <see cref="RateLimiterStrategy"/> class.</summary>
    /// <param name="options">The options; they are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Not exactly one limiter is set, or the name is empty.</exception>
    public RateLimiterStrategy(RateLimiterStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if ((options.Limiter is null) == (options.PartitionedLimiter is null))
        {
            throw new ArgumentException(
                "Exactly one of RateLimiterStrategyOptions.Limiter and RateLimiterStrategyOptions.PartitionedLimiter must be set; "
                + $"{(options.Limiter is null ? "neither was" : "both were")}.",
                nameof(options));
        }

        if (string.IsNullOrEmpty(options.Name))
        {
            throw new ArgumentException("RateLimiterStrategyOptions.Name must not be empty.", nameof(options));
        }

        Name = options.Name;
        _limiter = options.Limiter;
        _partitioned = options.PartitionedLimiter;
        _onRejected = options.OnRejected;
        _listener = options.TelemetryListener;
    }

    /// <summary>Gets the stage's name in telemetry and rejection messages.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override object? Options => _options;

    /// <inheritdoc/>
    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        ValueTask<RateLimitLease> acquiring;
        try
        {
            acquiring = _limiter is not null
                ? _limiter.AcquireAsync(1, context.CancellationToken)
                : _partitioned!.AcquireAsync(context, 1, context.CancellationToken);
        }
#pragma warning disable CA1031 // A disposed or misconfigured limiter fails the call as an outcome, as a stage must.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(ex));
        }

        if (!acquiring.IsCompletedSuccessfully)
        {
            return AcquireThenRunAsync(acquiring, callback, context, state);
        }

        // Perf: a permit granted at once (the usual case) runs without a state machine of the stage's own.
        var lease = acquiring.Result;
        return lease.IsAcquired ? RunLeased(lease, callback, context, state) : RejectAsync<TResult>(lease, context);
    }

    private static ValueTask<Outcome<TResult>> RunLeased<TResult, TState>(
        RateLimitLease lease,
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
            lease.Dispose();
            throw;
        }

        if (pending.IsCompleted)
        {
            lease.Dispose();
            return pending;
        }

        return DisposeWhenDoneAsync(pending, lease);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<TResult>> DisposeWhenDoneAsync<TResult>(ValueTask<Outcome<TResult>> pending, RateLimitLease lease)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            lease.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<Outcome<TResult>> AcquireThenRunAsync<TResult, TState>(
        ValueTask<RateLimitLease> acquiring,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        RateLimitLease lease;
        try
        {
            lease = await acquiring.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The wait in the limiter's queue was cancelled (or the limiter disposed): the call's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<TResult>(ex);
        }

        return lease.IsAcquired
            ? await RunLeased(lease, callback, context, state).ConfigureAwait(false)
            : await RejectAsync<TResult>(lease, context).ConfigureAwait(false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<Outcome<TResult>> RejectAsync<TResult>(RateLimitLease lease, ResilienceContext context)
    {
        using (lease)
        {
            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
            RateLimitingMetrics.RecordRejection(Name);
            if (_onRejected is not null)
            {
                try
                {
                    await _onRejected(new OnRateLimiterRejectedArguments(context, lease)).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failing callback must not turn a rejection into another failure: logged and counted, the call is still rejected.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    var errorType = ex.GetType().FullName;
                    RateLimitingLog.OnRejectedFailed(_listener, Name, errorType);
                    RateLimitingMetrics.RecordCallbackError(Name, errorType);
                }
            }

            return Outcome.FromException<TResult>(new RateLimiterRejectedException(Name, retryAfter));
        }
    }
}

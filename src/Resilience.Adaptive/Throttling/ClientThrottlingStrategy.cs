using System.Runtime.CompilerServices;
using Resilience.Internal;
using Resilience.Throttling.Internal;

namespace Resilience.Throttling;

/// <summary>
/// Client-side adaptive throttling (Google SRE book, "Handling Overload"): the stage counts the requests it is asked to
/// send and the ones the backend accepts over a sliding window, and rejects a call locally, without sending it, with
/// probability <c>max(0, (requests − K·accepts) / (requests + 1))</c>. A healthy backend gets every call; an overloaded
/// one gets about K times what it accepts, so the client stops spending the backend's capacity on requests it would
/// reject anyway. A rejected call fails at once with a <see cref="ClientThrottledException"/>. Add it with
/// <c>AddClientThrottling</c>.
/// </summary>
/// <remarks>
/// <para>Share one instance per backend, and put it outside the retry stage, so that retries count as requests too and
/// an overloaded backend is not retried into the ground. A local rejection counts as a request the backend did not
/// accept: that is what keeps the rejection probability up while the backend is overloaded. The probability is taken
/// over the whole window and over its last tenth to fifth, whichever is lower, so a backend that answers again is trusted
/// again within a fraction of the window (see <see cref="ClientThrottlingOptions.Window"/>).</para>
/// <para>For a dependency that is down, a circuit breaker stops traffic at once; throttling is for one that is
/// overloaded and still answers some requests. docs/overload.md compares the two with the adaptive concurrency limit.</para>
/// <para>Metrics on the shared <c>Resilience</c> meter, tagged <c>client_throttling.name</c>: the counter
/// <c>resilience.client_throttling.rejections</c> and the gauge <c>resilience.client_throttling.rejection_probability</c>.</para>
/// <para>Thread-safe. While the backend accepts everything, admission is one volatile read and completion a short lock;
/// the success path allocates nothing, and a rejection travels as an allocation-free rejected outcome.</para>
/// </remarks>
public sealed class ClientThrottlingStrategy : ResilienceStrategy, IRejectionSource, IDisposable
{
    private readonly ClientThrottlingOptions _options;
    private readonly Lock _lock = new();
    private readonly ThrottlingWindow _window;
    private readonly double _multiplier;
    private readonly double _maxProbability;
    private readonly Func<OutcomeArguments, bool>? _shouldHandle;
    private readonly Func<double> _random;
    private double _probability;
    private long _rejected;

    /// <summary>Initializes a new instance of the <see cref="ClientThrottlingStrategy"/> class.</summary>
    /// <param name="options">The options; they are copied.</param>
    /// <param name="timeProvider">The clock the window runs on; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names the option and the value.</exception>
    public ClientThrottlingStrategy(ClientThrottlingOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, null)
    {
    }

    internal ClientThrottlingStrategy(ClientThrottlingOptions options, TimeProvider? timeProvider, string? pipelineName)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        Name = options.Name ?? pipelineName ?? ClientThrottlingConstants.DefaultName;
        _multiplier = options.Multiplier;
        _maxProbability = options.MaxRejectionProbability;
        _shouldHandle = options.ShouldHandle;
        _random = options.Randomizer ?? Random.Shared.NextDouble;
        _window = new ThrottlingWindow(timeProvider ?? TimeProvider.System, options.Window);
        ClientThrottlingMetrics.Track(this);
    }

    /// <summary>Gets the name in telemetry and in rejections.</summary>
    public string Name { get; }

    /// <summary>Gets the probability that the next call is rejected, from the counts still inside the window.</summary>
    public double RejectionProbability
    {
        get
        {
            var epoch = _window.ReadEpoch();
            lock (_lock)
            {
                return _window.Probability_NeedsLock(epoch, _multiplier, _maxProbability);
            }
        }
    }

    /// <summary>Gets the requests counted in the window (local rejections included) and the ones the backend accepted.</summary>
    public (long Requests, long Accepts) WindowCounts
    {
        get
        {
            var epoch = _window.ReadEpoch();
            lock (_lock)
            {
                _window.Totals_NeedsLock(epoch, out var requests, out var accepts);
                return (requests, accepts);
            }
        }
    }

    /// <summary>Gets the number of calls rejected locally since the stage was created.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <inheritdoc/>
    /// <remarks>Removes the stage from the gauge; calls still work.</remarks>
    public void Dispose() => ClientThrottlingMetrics.Untrack(this);

    /// <inheritdoc/>
    ExecutionRejectedException IRejectionSource.CreateRejectedException(TimeSpan retryAfter) => new ClientThrottledException(Name, Volatile.Read(ref _probability));

    /// <inheritdoc/>
    public override object? Options => _options;

    /// <inheritdoc/>
    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        // Perf: while the backend accepts enough, the last computed probability is 0 and admission takes no lock.
        if (Volatile.Read(ref _probability) > 0 && Reject())
        {
            ClientThrottlingMetrics.RecordRejection(this);
            return new ValueTask<Outcome<TResult>>(Outcome.FromRejection<TResult>(this, System.Threading.Timeout.InfiniteTimeSpan));
        }

        var callerToken = context.CancellationToken;
        var pending = callback(context, state);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitAsync(pending, context, callerToken);
        }

        var outcome = pending.Result;
        try
        {
            Complete(outcome, context, callerToken);
        }
#pragma warning disable CA1031 // A throwing ShouldHandle faults the returned task, as on the asynchronous path, instead of throwing from the call.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<Outcome<TResult>>(ex);
        }

        return new ValueTask<Outcome<TResult>>(outcome);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<TResult>> AwaitAsync<TResult>(ValueTask<Outcome<TResult>> pending, ResilienceContext context, CancellationToken callerToken)
    {
        var outcome = await pending.ConfigureAwait(false);
        Complete(outcome, context, callerToken);
        return outcome;
    }

    // Draws against the current probability (its counts may have expired since it was last computed); a rejection counts
    // as a request the backend did not accept.
    private bool Reject()
    {
        var epoch = _window.ReadEpoch();
        double probability;
        lock (_lock)
        {
            probability = _window.Probability_NeedsLock(epoch, _multiplier, _maxProbability);
            Volatile.Write(ref _probability, probability);
        }

        if (probability <= 0 || _random() >= probability)
        {
            return false;
        }

        // The cached probability stays the one this call was drawn against: the rejection's exception, built when somebody
        // reads it, reports that one. The next admission recomputes it.
        lock (_lock)
        {
            _window.Record_NeedsLock(epoch, accepted: false);
        }

        Interlocked.Increment(ref _rejected);
        return true;
    }

    private void Complete<TResult>(in Outcome<TResult> outcome, ResilienceContext context, CancellationToken callerToken)
    {
        // A rejection by a stage inside this one never reached the backend: it says nothing about it. Nor does the caller
        // giving up.
        if (outcome.IsRejected || (callerToken.IsCancellationRequested && outcome.Exception is OperationCanceledException))
        {
            return;
        }

        var accepted = _shouldHandle is not null ? !_shouldHandle(OutcomeArguments.From(outcome, context)) : outcome.HasResult;
        var epoch = _window.ReadEpoch();
        lock (_lock)
        {
            _window.Record_NeedsLock(epoch, accepted);
            Volatile.Write(ref _probability, _window.Probability_NeedsLock(epoch, _multiplier, _maxProbability));
        }
    }
}

using Resilience.Internal;

namespace Resilience.Retry;

/// <summary>
/// Limits retries to a share of recent traffic, as Finagle, Envoy and gRPC do, so that a retry storm cannot multiply
/// the load on a sick service. Share one instance across every call to one service.
/// </summary>
/// <remarks>
/// <para>Each first attempt deposits <see cref="RetryBudgetOptions.RetryRatio"/> of a retry; each retry withdraws one.
/// A floor of <see cref="RetryBudgetOptions.MinRetriesPerSecond"/> retries per second is always available. Deposits and
/// withdrawals expire after <see cref="RetryBudgetOptions.Window"/> (kept in 10 rolling slots, so they expire in steps of a
/// tenth of the window).</para>
/// <para>The retry and hedging stages count a call once per <see cref="ResilienceContext"/>, so one budget can serve
/// both stages of a pipeline: the call deposits once, and each retry and each hedged attempt withdraws one. Take a fresh
/// context for each call (the pipeline does when it is not given one).</para>
/// <para>Thread-safe. Every method takes a short lock and allocates nothing.</para>
/// </remarks>
public sealed class RetryBudget
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly long _slotLength;
    private readonly double _ratio;
    private readonly double _floor;
    private readonly long[] _slotEpoch = new long[RetryConstants.BudgetSlotCount];
    private readonly long[] _slotCalls = new long[RetryConstants.BudgetSlotCount];
    private readonly long[] _slotRetries = new long[RetryConstants.BudgetSlotCount];
    private long _exhausted;
    private long _latestEpoch;

    /// <summary>Initializes a new instance of the <see cref="RetryBudget"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (20% of calls plus 10 retries per second over 10 seconds).</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public RetryBudget(RetryBudgetOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new RetryBudgetOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _origin = _timeProvider.GetTimestamp();
        _slotLength = Math.Max(1, (long)(options.Window.TotalSeconds * _timeProvider.TimestampFrequency / RetryConstants.BudgetSlotCount));
        _ratio = options.RetryRatio;
        _floor = options.MinRetriesPerSecond * options.Window.TotalSeconds;
        Array.Fill(_slotEpoch, -1);
    }

    /// <summary>Gets how many retries the budget has refused since it was created.</summary>
    public long ExhaustedCount => Interlocked.Read(ref _exhausted);

    /// <summary>Gets how many retries the budget would allow now.</summary>
    public int AvailableRetries
    {
        get
        {
            lock (_lock)
            {
                Sum(Latest_NeedsLock(CurrentEpoch()), out var calls, out var retries);
                return (int)Math.Max(0, Math.Floor((_ratio * calls) + _floor - retries));
            }
        }
    }

    /// <summary>Records a first attempt: it earns <see cref="RetryBudgetOptions.RetryRatio"/> of a retry.</summary>
    internal void RecordCall()
    {
        var epoch = CurrentEpoch();
        lock (_lock)
        {
            _slotCalls[Slot(Latest_NeedsLock(epoch))]++;
        }
    }

    /// <summary>Records the first attempt of the call <paramref name="context"/> belongs to, once: a retry and a hedging
    /// stage that share this budget in one pipeline, and a stage that runs again for each retry or hedged attempt, count
    /// the call once. A stage outside Resilience.Core that spends this budget (the hedging stage) calls it on each call.</summary>
    /// <param name="context">The call's context; the record is kept on it (and copied with <see cref="ResilienceContext.CopyTo"/>).</param>
    public void RecordCall(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ReferenceEquals(context.CountedBudget, this))
        {
            return;
        }

        context.CountedBudget = this;
        RecordCall();
    }

    /// <summary>Withdraws one retry when the budget allows it; otherwise counts the refusal in <see cref="ExhaustedCount"/>.</summary>
    /// <returns><see langword="true"/> when the retry may go ahead.</returns>
    /// <remarks>Each <see langword="true"/> spends one retry of the budget: call it only for an attempt about to start
    /// (a retry, a hedged attempt).</remarks>
    public bool TryAcquireRetry()
    {
        var epoch = CurrentEpoch();
        lock (_lock)
        {
            epoch = Latest_NeedsLock(epoch);
            Sum(epoch, out var calls, out var retries);
            if ((_ratio * calls) + _floor - retries >= 1)
            {
                _slotRetries[Slot(epoch)]++;
                return true;
            }
        }

        Interlocked.Increment(ref _exhausted);
        return false;
    }

    private long CurrentEpoch() => (_timeProvider.GetTimestamp() - _origin) / _slotLength;

    // The clock is read before the lock, so a caller can arrive with an epoch older than one already recorded (it was
    // preempted in between). Counting it as of the newest epoch keeps it, and never clears a slot holding newer counts.
    private long Latest_NeedsLock(long epoch)
    {
        if (epoch > _latestEpoch)
        {
            _latestEpoch = epoch;
        }

        return _latestEpoch;
    }

    // Called under the lock (with the latest epoch): returns the slot of an epoch, clearing it when it last held an older epoch.
    private int Slot(long epoch)
    {
        var slot = (int)(epoch % RetryConstants.BudgetSlotCount);
        if (_slotEpoch[slot] != epoch)
        {
            _slotEpoch[slot] = epoch;
            _slotCalls[slot] = 0;
            _slotRetries[slot] = 0;
        }

        return slot;
    }

    // Called under the lock: sums the slots still inside the window.
    private void Sum(long epoch, out long calls, out long retries)
    {
        calls = 0;
        retries = 0;
        for (var i = 0; i < RetryConstants.BudgetSlotCount; i++)
        {
            if (epoch - _slotEpoch[i] < RetryConstants.BudgetSlotCount && _slotEpoch[i] >= 0)
            {
                calls += _slotCalls[i];
                retries += _slotRetries[i];
            }
        }
    }
}

using Resilience.Internal;

namespace Resilience.Timeout.Internal;

/// <summary>
/// A coarse hashed timer wheel: deadlines wait in slots of one tick each, and a single <see cref="ITimer"/> from the
/// injected <see cref="TimeProvider"/> walks the slots, firing a scope's token source only when its deadline has passed.
/// </summary>
/// <remarks>
/// <para>Accuracy: a deadline fires no earlier than the deadline and at most one tick (plus the timer's own latency) after it.</para>
/// <para>Hot path: arming a scope that is already linked into the wheel (the usual case for a pooled scope) and disarming it
/// are one compare-exchange each; no lock, no timer registration, no allocation. A scope keeps its slot after its call
/// ends; when the wheel reaches that slot it moves the scope to its new deadline's slot, or unlinks it if it is idle.
/// A scope is relinked (under the lock) only when it was unlinked or its new deadline is earlier than its slot.</para>
/// <para>Clock: deadlines are kept in the wheel's own units. With <see cref="TimeProvider.System"/> and a tick of at least
/// <see cref="TimeoutConstants.MinCoarseTick"/>, the wheel reads <see cref="CoarseClock"/> (milliseconds, a fifth of the
/// cost of the precise clock) and fires <see cref="TimeoutConstants.CoarseClockMargin"/> later than the deadline, which
/// covers the coarse clock's resolution so a timeout still never fires early. Any other provider is read as it is.</para>
/// <para>The timer runs only while scopes are linked: it starts with the first link and stops when the wheel is empty.
/// All linking, unlinking and slot walking happens under one lock; token sources are cancelled after it is released.</para>
/// </remarks>
internal sealed class TimerWheel : IDisposable
{
    private const int SlotMask = TimeoutConstants.SlotCount - 1;

    private readonly Lock _lock = new();
    private readonly TimeoutScope?[] _slots = new TimeoutScope?[TimeoutConstants.SlotCount];
    private readonly bool _coarse;
    private readonly long _frequency;
    private readonly long _margin;
    private readonly long _origin;
    private readonly long _tickLength;
    private ITimer? _timer;
    private bool _running;
    private bool _disposed;
    private long _processedTick;
    private int _linkedCount;

    public TimerWheel(TimeProvider timeProvider, TimeSpan tick)
    {
        TimeProvider = timeProvider;
        Tick = tick;
        _coarse = CoarseClock.IsUsable(timeProvider) && tick >= TimeoutConstants.MinCoarseTick;
        _frequency = _coarse ? 1000 : timeProvider.TimestampFrequency;
        _margin = _coarse ? ToUnits(TimeoutConstants.CoarseClockMargin) : 0;
        _origin = Now();
        _tickLength = Math.Max(1, ToUnits(tick));
    }

    public TimeProvider TimeProvider { get; }

    public TimeSpan Tick { get; }

    /// <summary>Gets the number of scopes linked into the wheel; for tests.</summary>
    public int LinkedCount
    {
        get
        {
            lock (_lock)
            {
                return _linkedCount;
            }
        }
    }

    /// <summary>Gets the number of linked scopes armed for a call that has not ended; for tests.</summary>
    public int ArmedCount
    {
        get
        {
            lock (_lock)
            {
                var armed = 0;
                foreach (var head in _slots)
                {
                    for (var scope = head; scope is not null; scope = scope.Next)
                    {
                        if ((Volatile.Read(ref scope.State) & TimeoutScope.StatusMask) == TimeoutScope.Active)
                        {
                            armed++;
                        }
                    }
                }

                return armed;
            }
        }
    }

    /// <summary>Gets a value indicating whether the wheel's timer is running; for tests.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Gets a value indicating whether the wheel reads the coarse clock; for tests.</summary>
    public bool UsesCoarseClock => _coarse;

    /// <summary>Reads the wheel's clock, in its units.</summary>
    public long Now() => _coarse ? CoarseClock.NowMilliseconds : TimeProvider.GetTimestamp();

    /// <summary>Converts a duration to the wheel's units, rounding up so a deadline is never early.</summary>
    /// <remarks>Saturates: a duration too long for the units (such as <see cref="TimeSpan.MaxValue"/>) becomes <see cref="long.MaxValue"/>.</remarks>
    public long ToUnits(TimeSpan duration)
    {
        var units = Math.Ceiling(duration.TotalSeconds * _frequency);
        return units >= long.MaxValue ? long.MaxValue : (long)units;
    }

    /// <summary>Converts a number of the wheel's units to a duration, saturating at <see cref="TimeSpan.MaxValue"/>.</summary>
    public TimeSpan ToTimeSpan(long units)
    {
        // A second of margin: the double's rounding must not push FromSeconds past TimeSpan.MaxValue.
        var seconds = (double)units / _frequency;
        return seconds >= TimeSpan.MaxValue.TotalSeconds - 1 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Returns the deadline <paramref name="duration"/> units after <paramref name="now"/>, saturating instead of overflowing.</summary>
    public static long DeadlineAfter(long now, long duration) => duration > long.MaxValue - now ? long.MaxValue : now + duration;

    /// <summary>Returns whether deadlines of <paramref name="other"/> can be compared with this wheel's as they are.</summary>
    public bool SharesClockWith(TimerWheel other) =>
        _coarse == other._coarse && (_coarse || ReferenceEquals(TimeProvider, other.TimeProvider));

    /// <summary>Returns the time from now until <paramref name="deadline"/> (in the wheel's units), never negative.</summary>
    public TimeSpan RemainingUntil(long deadline)
    {
        var units = deadline - Now();
        return units > 0 ? ToTimeSpan(units) : TimeSpan.Zero;
    }

    /// <summary>Gets the wheel tick at which a deadline (in the wheel's units) has surely passed.</summary>
    public long DueTick(long deadline)
    {
        // A saturated deadline (long.MaxValue) stays far in the future instead of wrapping into the past.
        var elapsed = deadline > long.MaxValue - _margin ? long.MaxValue - _origin : deadline + _margin - _origin;
        var whole = elapsed / _tickLength;

        // Perf: one division; the remainder from a multiplication.
        return elapsed - (whole * _tickLength) == 0 ? whole : whole + 1;
    }

    /// <summary>Arms a scope for a new call: it becomes active with a new generation and will fire at <paramref name="dueTick"/>.</summary>
    /// <returns>The scope's new state, which identifies this call.</returns>
    public long Arm(TimeoutScope scope, long dueTick)
    {
        Volatile.Write(ref scope.DueTick, dueTick);
        while (true)
        {
            var state = Volatile.Read(ref scope.State);
            var armed = (state & ~TimeoutScope.StatusMask) + TimeoutScope.GenerationStep + TimeoutScope.Active;
            if ((state & TimeoutScope.StatusMask) == TimeoutScope.IdleInWheel)
            {
                if (Interlocked.CompareExchange(ref scope.State, armed, state) == state)
                {
                    // Perf: the usual case. The scope's old slot is no later than the new deadline, so the wheel will meet
                    // it in time and move it along; only an earlier deadline needs the lock.
                    if (Volatile.Read(ref scope.SlotTick) > dueTick)
                    {
                        Relink(scope);
                    }

                    return armed;
                }

                // The wheel unlinked the idle scope meanwhile; go round and link it again.
                continue;
            }

            // Not linked: nobody else touches the state of an unlinked idle scope.
            Volatile.Write(ref scope.State, armed);
            Relink(scope);
            return armed;
        }
    }

    /// <summary>Ends a call: returns <see langword="true"/> when the deadline had not fired, making the scope idle again.</summary>
    public static bool Disarm(TimeoutScope scope, long armed) =>
        Interlocked.CompareExchange(ref scope.State, armed - TimeoutScope.Active + TimeoutScope.IdleInWheel, armed) == armed;

    /// <summary>Fires a scope if it is still in the call identified by <paramref name="armed"/>.</summary>
    public static void Fire(TimeoutScope scope, long armed)
    {
        if (Interlocked.CompareExchange(ref scope.State, armed - TimeoutScope.Active + TimeoutScope.Fired, armed) == armed)
        {
            CancelSource(scope);
        }
    }

    /// <summary>Gets a value indicating whether the wheel was disposed: its manager admits no new calls.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed);

    /// <summary>
    /// Refuses new calls; calls in flight keep their deadlines. Idle scopes are unlinked at once, and the timer stops now if
    /// no call is in flight, otherwise when the last one ends.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            Volatile.Write(ref _disposed, true);
            for (var slot = 0; slot < _slots.Length; slot++)
            {
                var scope = _slots[slot];
                while (scope is not null)
                {
                    var next = scope.Next;
                    var state = Volatile.Read(ref scope.State);
                    var status = state & TimeoutScope.StatusMask;
                    if (status == TimeoutScope.Fired
                        || (status == TimeoutScope.IdleInWheel
                            && Interlocked.CompareExchange(ref scope.State, state - TimeoutScope.IdleInWheel + TimeoutScope.NotInWheel, state) == state))
                    {
                        Unlink(scope);
                    }

                    scope = next;
                }
            }

            StopIfEmpty_NeedsLock();
        }
    }

    private static void CancelSource(TimeoutScope scope)
    {
        try
        {
            scope.Source.Cancel();
        }
#pragma warning disable CA1031 // A throwing cancellation callback belongs to the operation; the timer thread must survive it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Relink(TimeoutScope scope)
    {
        lock (_lock)
        {
            if ((Volatile.Read(ref scope.State) & TimeoutScope.StatusMask) != TimeoutScope.Active)
            {
                return;
            }

            var due = Volatile.Read(ref scope.DueTick);
            if (scope.Linked)
            {
                if (scope.SlotTick <= due)
                {
                    return;
                }

                Unlink(scope);
            }

            // A stopped wheel walked no slot for a while: move its walked mark to now before linking, or an overdue deadline
            // would go into a slot the restarted wheel treats as walked and wait a whole revolution. A call admitted just
            // before Dispose is still timed, so a disposed wheel restarts too.
            if (!_running)
            {
                _running = true;
                _timer ??= TimeProvider.CreateTimer(static s => ((TimerWheel)s!).OnTick(), this, System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
                _processedTick = Math.Max(_processedTick, CurrentTick() - 1);
                _timer.Change(Tick, Tick);
            }

            Link(scope, due);
        }
    }

    private long CurrentTick() => (Now() - _origin) / _tickLength;

    // The timer runs only while scopes are linked; a disposed wheel also lets its timer go.
    private void StopIfEmpty_NeedsLock()
    {
        if (_linkedCount != 0 || _timer is null)
        {
            return;
        }

        _running = false;
        if (_disposed)
        {
            _timer.Dispose();
            _timer = null;
        }
        else
        {
            _timer.Change(System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    // Under the lock. A slot already walked would wait a whole revolution, so overdue scopes go to the next tick.
    private void Link(TimeoutScope scope, long due)
    {
        var slotTick = Math.Max(due, _processedTick + 1);
        ref var head = ref _slots[slotTick & SlotMask];
        scope.SlotTick = slotTick;
        scope.Previous = null;
        scope.Next = head;
        if (head is not null)
        {
            head.Previous = scope;
        }

        head = scope;
        scope.Linked = true;
        _linkedCount++;
    }

    // Under the lock.
    private void Unlink(TimeoutScope scope)
    {
        if (scope.Previous is null)
        {
            _slots[scope.SlotTick & SlotMask] = scope.Next;
        }
        else
        {
            scope.Previous.Next = scope.Next;
        }

        if (scope.Next is not null)
        {
            scope.Next.Previous = scope.Previous;
        }

        scope.Previous = null;
        scope.Next = null;
        scope.Linked = false;
        _linkedCount--;
    }

    private void OnTick()
    {
        List<TimeoutScope>? due = null;
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            var now = CurrentTick();
            var from = Math.Max(_processedTick + 1, now - TimeoutConstants.SlotCount + 1);
            for (var tick = from; tick <= now; tick++)
            {
                WalkSlot(tick, now, ref due);
            }

            _processedTick = Math.Max(_processedTick, now);
            StopIfEmpty_NeedsLock();
        }

        // Cancellation runs the operation's callbacks: never under the lock.
        if (due is not null)
        {
            foreach (var scope in due)
            {
                CancelSource(scope);
            }
        }
    }

    // Under the lock: fires the slot's due scopes, moves later ones, unlinks idle and fired ones.
    private void WalkSlot(long tick, long now, ref List<TimeoutScope>? due)
    {
        var scope = _slots[tick & SlotMask];
        while (scope is not null)
        {
            var next = scope.Next;
            var state = Volatile.Read(ref scope.State);
            switch (state & TimeoutScope.StatusMask)
            {
                case TimeoutScope.IdleInWheel:
                    if (Interlocked.CompareExchange(ref scope.State, state - TimeoutScope.IdleInWheel + TimeoutScope.NotInWheel, state) != state)
                    {
                        // Armed for a new call meanwhile: look at it again.
                        continue;
                    }

                    Unlink(scope);
                    break;

                case TimeoutScope.Active:
                    var dueTick = Volatile.Read(ref scope.DueTick);
                    if (dueTick <= now)
                    {
                        // The generation in `state` makes sure it is still the same call; the source is cancelled after
                        // the lock is released.
                        if (Interlocked.CompareExchange(ref scope.State, state - TimeoutScope.Active + TimeoutScope.Fired, state) != state)
                        {
                            continue;
                        }

                        Unlink(scope);
                        (due ??= []).Add(scope);
                    }
                    else if ((dueTick & SlotMask) != (tick & SlotMask))
                    {
                        Unlink(scope);
                        Link(scope, dueTick);
                    }
                    else
                    {
                        scope.SlotTick = dueTick;
                    }

                    break;

                default:
                    // Fired by its precise timer, or never reused again.
                    Unlink(scope);
                    break;
            }

            scope = next;
        }
    }
}

using System.Collections.Concurrent;

namespace Resilience.Timeout.Internal;

/// <summary>
/// One pooled deadline: a reusable <see cref="CancellationTokenSource"/> plus its place in a <see cref="TimerWheel"/>.
/// </summary>
/// <remarks>
/// <para><see cref="State"/> packs a generation (bits 2 and up) and a status (bits 0-1) so that the wheel never fires a
/// later call that reuses the scope. It changes only through <see cref="Interlocked.CompareExchange(ref long, long, long)"/>.</para>
/// <para><see cref="Previous"/>, <see cref="Next"/>, <see cref="SlotTick"/> and <see cref="Linked"/> belong to the wheel and
/// change only under its lock.</para>
/// <para>Deadlines flow to nested calls through the token: <see cref="TryFind"/> maps a token handed to an operation back to
/// its scope, without allocating and without an <see cref="AsyncLocal{T}"/> write.</para>
/// </remarks>
internal sealed class TimeoutScope
{
    public const long NotInWheel = 0;
    public const long IdleInWheel = 1;
    public const long Active = 2;
    public const long Fired = 3;
    public const long StatusMask = 3;
    public const long GenerationStep = 4;

    // Every scope's token, so a nested timeout can find the deadline of the call it runs in. Scopes register once (their
    // token source is reused) and unregister when they are dropped. The map holds them weakly and a collected scope's
    // finalizer removes its entry, so a manager that is dropped without Dispose does not leak its pooled scopes.
    private static readonly ConcurrentDictionary<CancellationToken, WeakReference<TimeoutScope>> Registry = new();

    private readonly WeakReference<TimeoutScope> _self;

    public TimeoutScope(TimerWheel wheel)
    {
        Wheel = wheel;
        Source = new CancellationTokenSource();
        Token = Source.Token;
        _self = new WeakReference<TimeoutScope>(this);
        Registry[Token] = _self;
    }

    ~TimeoutScope() => Drop();

    public TimerWheel Wheel { get; }

    /// <summary>Gets the pool of the manager that created the scope, where a scope parked on a context goes back when it makes way.</summary>
    public Resilience.Internal.ObjectPool<TimeoutScope>? Home { get; init; }

    public CancellationTokenSource Source { get; }

    public CancellationToken Token { get; }

    public long State;

    public long DueTick;

    /// <summary>The deadline of the current call, in the wheel's units.</summary>
    public long Deadline;

    public long SlotTick;

    public bool Linked;

    public TimeoutScope? Previous;

    public TimeoutScope? Next;

    public CancellationTokenRegistration CallerRegistration;

    /// <summary>The token of the caller at the root of a chain of timed calls; the scope's source is cancelled with it.</summary>
    public CancellationToken RootToken;

    public ITimer? PreciseTimer;

    /// <summary>1 while a call holds the scope, under <see cref="Resilience.Internal.OwnershipChecks"/> only.</summary>
    public int Held;

    /// <summary>Finds the running (or timed-out) call that issued a token.</summary>
    public static bool TryFind(CancellationToken token, out TimeoutScope scope)
    {
        scope = null!;
        return Registry.TryGetValue(token, out var weak)
            && weak.TryGetTarget(out scope!)
            && (Volatile.Read(ref scope.State) & StatusMask) >= Active;
    }

    /// <summary>Gets a value indicating whether this scope's deadline fired (a fired scope is never reused).</summary>
    public bool HasFired => (Volatile.Read(ref State) & StatusMask) == Fired;

    /// <summary>Gets the time left before the deadline, never negative.</summary>
    public TimeSpan Remaining
    {
        get
        {
            return Wheel.RemainingUntil(Volatile.Read(ref Deadline));
        }
    }

    /// <summary>Forgets a scope that will not be reused (its token fired, or the pool was full).</summary>
    public void Drop() => Registry.TryRemove(new KeyValuePair<CancellationToken, WeakReference<TimeoutScope>>(Token, _self));
}

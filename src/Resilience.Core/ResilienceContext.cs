using Resilience.Internal;

namespace Resilience;

/// <summary>
/// Per-call state that flows through a <see cref="ResiliencePipeline"/>: the cancellation token each stage
/// hands to the next, the operation type the timeout stage uses, and caller-defined properties.
/// </summary>
/// <remarks>
/// <para>Contexts are pooled: take one with <see cref="Get(CancellationToken)"/> and give it back with
/// <see cref="Return(ResilienceContext)"/> once the call has completed. Do not keep a reference after that.</para>
/// <para>A context belongs to one call at a time and is not thread-safe.</para>
/// </remarks>
public sealed class ResilienceContext
{
    private static readonly ObjectPool<ResilienceContext> Pool = new(static () => new ResilienceContext());

    // Perf: one context parked per thread, so the usual call (taken and returned on the same thread) costs two
    // thread-local accesses instead of two interlocked operations on the shared pool.
    [ThreadStatic]
    private static ResilienceContext? t_parked;

    private PropertyList? _properties;
    private CancellationToken _cancellationToken;
    private string? _operationType;
    private int _attemptNumber;

    /// <summary>The stamp of the call that holds this context, under <see cref="OwnershipChecks"/> only (0: none).</summary>
    internal long OwnerStamp;

    // The retry budget this call was already counted in (a RetryBudget), so a retry and a hedging stage sharing one
    // budget, or a stage run again for each retry or hedged attempt, deposit once per call.
    internal object? CountedBudget;

    // Timeout scopes parked on the context between calls (one per timeout stage of a pipeline), so the usual timed call
    // takes and returns its scope without a thread-local access or the manager pool's interlocked operations. They stay
    // when the context goes back to the pool: an idle scope belongs to nobody (see TimeoutManager.RentScope).
    internal Timeout.Internal.TimeoutScope? ParkedScope0;
    internal Timeout.Internal.TimeoutScope? ParkedScope1;

    private ResilienceContext()
    {
    }

    /// <summary>Gets or sets the token that cancels the operation. Stages replace it for the stages inside them.</summary>
    public CancellationToken CancellationToken
    {
        get
        {
            CheckOwner();
            return _cancellationToken;
        }

        set
        {
            CheckOwner();
            _cancellationToken = value;
        }
    }

    /// <summary>Gets or sets the operation type whose timeout applies to this call (for example <c>health_check</c>).</summary>
    /// <value><see langword="null"/> to use the timeout stage's own setting.</value>
    public string? OperationType
    {
        get
        {
            CheckOwner();
            return _operationType;
        }

        set
        {
            CheckOwner();
            _operationType = value;
        }
    }

    /// <summary>Gets or sets the number of the current attempt, starting at 0 for the first call; set by the retry stage.</summary>
    public int AttemptNumber
    {
        get
        {
            CheckOwner();
            return _attemptNumber;
        }

        set
        {
            CheckOwner();
            _attemptNumber = value;
        }
    }

    /// <summary>Takes a context from the pool.</summary>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>A clean context.</returns>
    public static ResilienceContext Get(CancellationToken cancellationToken = default)
    {
        var context = t_parked;
        if (context is not null)
        {
            t_parked = null;
        }
        else
        {
            context = Pool.Get();
        }

        if (OwnershipChecks.IsEnabled)
        {
            OwnershipChecks.OnRent(context);
        }

        context._cancellationToken = cancellationToken;
        return context;
    }

    /// <summary>Returns a context to the pool after clearing it.</summary>
    /// <param name="context">The context to return.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static void Return(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (OwnershipChecks.IsEnabled)
        {
            OwnershipChecks.OnReturn(context);
        }

        context._cancellationToken = default;
        context._operationType = null;
        context._attemptNumber = 0;
        context.CountedBudget = null;
        if (context._properties is { } properties)
        {
            properties.Clear();
            if (!properties.IsRetainable)
            {
                context._properties = null;
            }
        }
        if (t_parked is null)
        {
            t_parked = context;
        }
        else
        {
            Pool.Return(context);
        }
    }

    /// <summary>Sets a property for the stages of this call.</summary>
    /// <typeparam name="TValue">The type of the value.</typeparam>
    /// <param name="key">The property key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> has no name (a default key).</exception>
    public void SetProperty<TValue>(ResiliencePropertyKey<TValue> key, TValue value)
    {
        CheckOwner();
        ArgumentNullException.ThrowIfNull(key.Key, nameof(key));
        (_properties ??= new PropertyList()).Set(key.Key, value);
    }

    /// <summary>Reads a property set for this call.</summary>
    /// <typeparam name="TValue">The type of the value.</typeparam>
    /// <param name="key">The property key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> when the property is set and has the expected type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> has no name (a default key).</exception>
    public bool TryGetProperty<TValue>(ResiliencePropertyKey<TValue> key, out TValue value)
    {
        CheckOwner();
        ArgumentNullException.ThrowIfNull(key.Key, nameof(key));
        if (_properties is not null && _properties.TryGet(key.Key, out var stored) && stored is TValue typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Takes a context for a flow that may outlive this call (an operation a timeout stops waiting for): it starts with this
    /// context's state and <paramref name="cancellationToken"/>, and belongs to that flow alone until it is given back.
    /// </summary>
    internal ResilienceContext Fork(CancellationToken cancellationToken)
    {
        var fork = Get(cancellationToken);
        fork._operationType = _operationType;
        fork._attemptNumber = _attemptNumber;
        fork.CountedBudget = CountedBudget;
        CopyProperties(_properties, ref fork._properties);
        return fork;
    }

    /// <summary>Takes back what a flow started by <see cref="Fork"/> did (attempt number, properties) and returns its context to the pool.</summary>
    internal void Join(ResilienceContext fork)
    {
        _attemptNumber = fork._attemptNumber;
        CopyProperties(fork._properties, ref _properties);
        Return(fork);
    }

    private static void CopyProperties(PropertyList? from, ref PropertyList? to)
    {
        if (from is not { Count: > 0 })
        {
            return;
        }

        from.CopyTo(to ??= new PropertyList());
    }

    // Perf: one static read when the checks are off (always, outside the ownership tests).
    private void CheckOwner()
    {
        if (OwnershipChecks.IsEnabled)
        {
            OwnershipChecks.OnAccess(this);
        }
    }

    /// <summary>Copies this call's <see cref="OperationType"/> and properties into <paramref name="target"/>, replacing
    /// the properties of the same keys there, for a stage that runs an attempt in a context of its own: a hedging stage
    /// copies the caller's context into each hedged attempt's, then the winning attempt's back into the caller's.</summary>
    /// <param name="target">The context to copy into; its cancellation token and attempt number are left as they are.</param>
    /// <remarks>A <see cref="Retry.RetryBudget"/>'s record that this call was counted travels with the copy, so a budget
    /// shared by stages inside and outside the attempt counts the call once.</remarks>
    public void CopyTo(ResilienceContext target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.OperationType = OperationType;
        target.CountedBudget = CountedBudget;
        CopyProperties(_properties, ref target._properties);
    }
}

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

    private Dictionary<string, object?>? _properties;

    private ResilienceContext()
    {
    }

    /// <summary>Gets or sets the token that cancels the operation. Stages replace it for the stages inside them.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Gets or sets the operation type whose timeout applies to this call (for example <c>health_check</c>).</summary>
    /// <value><see langword="null"/> to use the timeout stage's own setting.</value>
    public string? OperationType { get; set; }

    /// <summary>Gets or sets the number of the current attempt, starting at 0 for the first call; set by the retry stage.</summary>
    public int AttemptNumber { get; set; }

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

        context.CancellationToken = cancellationToken;
        return context;
    }

    /// <summary>Returns a context to the pool after clearing it.</summary>
    /// <param name="context">The context to return.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static void Return(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.CancellationToken = default;
        context.OperationType = null;
        context.AttemptNumber = 0;
        context._properties?.Clear();
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
    public void SetProperty<TValue>(ResiliencePropertyKey<TValue> key, TValue value)
    {
        _properties ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        _properties[key.Key] = value;
    }

    /// <summary>Reads a property set for this call.</summary>
    /// <typeparam name="TValue">The type of the value.</typeparam>
    /// <param name="key">The property key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> when the property is set and has the expected type.</returns>
    public bool TryGetProperty<TValue>(ResiliencePropertyKey<TValue> key, out TValue value)
    {
        if (_properties is not null && _properties.TryGetValue(key.Key, out var stored) && stored is TValue typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Copies this call's operation type and properties into <paramref name="target"/> (a hedged attempt's own context,
    /// or the caller's context from the winning attempt's).</summary>
    internal void CopyTo(ResilienceContext target)
    {
        target.OperationType = OperationType;
        if (_properties is { Count: > 0 })
        {
            var properties = target._properties ??= new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in _properties)
            {
                properties[key] = value;
            }
        }
    }
}

namespace Resilience.Degradation.Internal;

/// <summary>
/// What the stale-cache fallback stores: the value and when it was stored, as a <see cref="TimeProvider"/> timestamp.
/// The cache abstractions cannot tell an entry's age, so the envelope carries it.
/// </summary>
/// <typeparam name="TResult">The type of the value.</typeparam>
internal sealed record StaleCacheEntry<TResult>(TResult Value, long StoredAt);

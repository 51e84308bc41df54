using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;
using Resilience.Degradation.Internal;
using Resilience.Internal;

namespace Resilience.Degradation;

/// <summary>
/// Serves the last good result, with its age, when a fresh call fails: every successful result is written to an
/// <see cref="IMemoryCache"/>, and a failed call is answered from it while the cached value is no older than
/// <see cref="StaleCacheOptions.MaxStaleness"/>. Older values are refused and the failure propagates.
/// </summary>
/// <typeparam name="TResult">The type of the cached result; calls of other result types pass through.</typeparam>
/// <remarks>
/// <para>Ages are measured on the injected <see cref="TimeProvider"/>. Entries also expire from the cache after
/// <see cref="StaleCacheOptions.MaxStaleness"/> (on the cache's own clock), so a dead key does not hold memory, and
/// they have a <c>Size</c> of 1, so a size-limited cache accepts them.</para>
/// <para>In a pipeline the key comes from <see cref="StaleCacheOptions.CacheKeyGenerator"/> and the age of a served
/// value is set as the <see cref="StaleCacheProperties.ServedAge"/> property of the context.</para>
/// </remarks>
public sealed class StaleCacheFallback<TResult> : ResilienceStrategy
{
    private static readonly Func<ResilienceContext, string?> DefaultKey =
        static context => context.TryGetProperty(StaleCacheProperties.CacheKey, out var key) ? key : null;

    private readonly IMemoryCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _maxStaleness;
    private readonly Func<OutcomeArguments, bool>? _shouldHandle;
    private readonly Func<ResilienceContext, string?> _keyGenerator;
    private readonly MemoryCacheEntryOptions _entryOptions;

    /// <summary>Initializes a new instance of the <see cref="StaleCacheFallback{TResult}"/> class.</summary>
    /// <param name="cache">The cache the results are kept in.</param>
    /// <param name="options">The options; they are copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock that measures ages; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (<see cref="StaleCacheOptions.GetValidationErrors"/>).</exception>
    public StaleCacheFallback(IMemoryCache cache, StaleCacheOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _cache = cache;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _maxStaleness = options.MaxStaleness;
        _shouldHandle = options.ShouldHandle;
        _keyGenerator = options.CacheKeyGenerator ?? DefaultKey;
        _entryOptions = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _maxStaleness, Size = 1 };
    }

    /// <summary>Runs <paramref name="operation"/>, caching its result under <paramref name="key"/>, or serves the cached value when it fails.</summary>
    /// <param name="key">The cache key of this call's result.</param>
    /// <param name="operation">The fresh call.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The fresh result, or the cached one with its age.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="operation"/> is <see langword="null"/>.</exception>
    /// <remarks>When the call fails and no cached value is young enough, the call's own exception is thrown.</remarks>
    public async ValueTask<StaleCacheResult<TResult>> ExecuteAsync(
        string key,
        Func<CancellationToken, ValueTask<TResult>> operation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(operation);
        var context = ResilienceContext.Get(cancellationToken);
        try
        {
            var outcome = await OperationInvoker.InvokeAsync(static (op, ct) => op(ct), operation, cancellationToken).ConfigureAwait(false);
            var resolved = Resolve(key, outcome, context, out var age);
            return new StaleCacheResult<TResult>(resolved.GetResultOrThrow(), age, age.HasValue ? outcome.Exception : null);
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask<Outcome<TR>> ExecuteCoreAsync<TR, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state)
    {
        var key = typeof(TR) == typeof(TResult) ? _keyGenerator(context) : null;
        var outcome = await callback(context, state).ConfigureAwait(false);
        if (key is null)
        {
            return outcome;
        }

        // The key is only set when TR is TResult, so the reinterpretation is exact.
        var resolved = Resolve(key, Unsafe.As<Outcome<TR>, Outcome<TResult>>(ref outcome), context, out var age);
        if (age is { } servedAge)
        {
            context.SetProperty(StaleCacheProperties.ServedAge, servedAge);
        }

        return Unsafe.As<Outcome<TResult>, Outcome<TR>>(ref resolved);
    }

    private Outcome<TResult> Resolve(string key, in Outcome<TResult> outcome, ResilienceContext context, out TimeSpan? servedAge)
    {
        servedAge = null;
        var cacheKey = StaleCacheConstants.CacheKeyPrefix + key;
        if (!DegradationPredicates.ShouldHandle(_shouldHandle, outcome, context))
        {
            if (outcome.HasResult)
            {
                _cache.Set(cacheKey, new StaleCacheEntry<TResult>(outcome.Result!, _timeProvider.GetTimestamp()), _entryOptions);
            }

            return outcome;
        }

        if (_cache.TryGetValue(cacheKey, out var stored) && stored is StaleCacheEntry<TResult> entry)
        {
            var age = _timeProvider.GetElapsedTime(entry.StoredAt);
            if (age <= _maxStaleness)
            {
                servedAge = age;
                return Outcome.FromResult(entry.Value);
            }
        }

        return outcome;
    }
}

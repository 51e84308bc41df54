using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Resilience.DependencyInjection;
using Resilience.DependencyInjection.Internal;
using Resilience.Monitoring;
using Resilience.Telemetry;

namespace Resilience.Http.Internal;

/// <summary>
/// One client's pipelines (and so breakers) per authority, bounded by <see cref="ResilientHttpClientOptions.MaxAuthorities"/>:
/// an authority idle for <see cref="ResilientHttpClientOptions.AuthorityIdleTimeout"/> whose circuits are all closed is
/// evicted; when the store is full and nothing can go, a new authority is refused with
/// <see cref="HttpAuthorityLimitExceededException"/>. Thread-safe.
/// </summary>
/// <remarks>A held authority is found with one lock-free dictionary read keyed by the request's cached URI parts and one
/// compare-and-swap on its lease word: nothing is allocated. Creation, refusal and eviction take the store's lock.</remarks>
internal sealed partial class AuthorityPipelineStore : IDisposable
{
    private readonly ConcurrentDictionary<(string Scheme, string Host, int Port), AuthorityEntry> _entries = new();

    // One total-timeout and one attempt-timeout manager for every authority's pipeline (a wheel each, instead of two per host).
    private readonly HttpTimeoutManagers _timeouts = new();
    private readonly HashSet<string> _namedAuthorities = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly string _clientName;
    private readonly string _otherName;
    private readonly int _maxAuthorities;
    private readonly TimeSpan _idleTimeout;
    private readonly Func<HttpResiliencePipelineContext, ResiliencePipeline> _build;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResilienceTelemetryListener? _circuitListener;
    private readonly CircuitBreakerMonitor? _monitor;
    private readonly ITimer _sweepTimer;
    private int _count;
    private int _reportedMaxAuthorities;
    private long _reportedIdleTimeoutTicks;
    private bool _refusing;
    private bool _disposed;
    private long _created;
    private long _evicted;
    private long _rejected;

    public AuthorityPipelineStore(
        string clientName,
        ResilientHttpClientOptions options,
        Func<HttpResiliencePipelineContext, ResiliencePipeline> build,
        IServiceProvider services,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _clientName = clientName;
        _otherName = clientName + "/" + HttpResilienceConstants.OtherAuthority;
        _maxAuthorities = options.MaxAuthorities;
        _idleTimeout = options.AuthorityIdleTimeout;
        _reportedMaxAuthorities = _maxAuthorities;
        _reportedIdleTimeoutTicks = _idleTimeout.Ticks;
        _build = build;
        _services = services;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(HttpResilienceConstants.LoggerCategory);
        _circuitListener = services.GetResilienceTelemetryListener() ?? loggerFactory.CreateResilienceTelemetryListener();
        _monitor = services.GetService<CircuitBreakerMonitor>();
        var period = _idleTimeout / HttpResilienceConstants.SweepsPerIdleTimeout;
        _sweepTimer = timeProvider.CreateTimer(static s => ((AuthorityPipelineStore)s!).OnSweepTimer(), this, period, period);
    }

    /// <summary>Reports the store's limits that <paramref name="reloaded"/> changes: they are read when the store is created (its
    /// bound and its sweep timer), so the store keeps them until the application restarts. Each reloaded value is reported
    /// once (a later reload that changes only other keys says nothing again), and nothing when it is the store's own again.</summary>
    public void ReportLimitsNotReloaded(ResilientHttpClientOptions reloaded)
    {
        var maxAuthorities = reloaded.MaxAuthorities;
        if (Interlocked.Exchange(ref _reportedMaxAuthorities, maxAuthorities) != maxAuthorities && maxAuthorities != _maxAuthorities)
        {
            AuthorityLog.LimitNotReloaded(
                _logger,
                _clientName,
                nameof(ResilientHttpClientOptions.MaxAuthorities),
                _maxAuthorities.ToString(CultureInfo.InvariantCulture),
                maxAuthorities.ToString(CultureInfo.InvariantCulture));
        }

        var idleTimeout = reloaded.AuthorityIdleTimeout;
        if (Interlocked.Exchange(ref _reportedIdleTimeoutTicks, idleTimeout.Ticks) != idleTimeout.Ticks && idleTimeout != _idleTimeout)
        {
            AuthorityLog.LimitNotReloaded(
                _logger,
                _clientName,
                nameof(ResilientHttpClientOptions.AuthorityIdleTimeout),
                _idleTimeout.ToString("c", CultureInfo.InvariantCulture),
                idleTimeout.ToString("c", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Gets the number of authorities held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the timeout managers the authorities' pipelines share (for tests).</summary>
    internal HttpTimeoutManagers Timeouts => _timeouts;

    /// <summary>Gets the entries held now (for tests and diagnostics).</summary>
    internal IEnumerable<AuthorityEntry> Entries => _entries.Values;

    /// <summary>Gets the most authorities held at once.</summary>
    public int MaxAuthorities => _maxAuthorities;

    /// <summary>Gets how many entries were created (for tests: created = held + evicted + discarded).</summary>
    internal long CreatedCount => Interlocked.Read(ref _created);

    /// <summary>Gets how many idle entries were evicted.</summary>
    internal long EvictedCount => Interlocked.Read(ref _evicted);

    /// <summary>Gets how many requests were refused because the store was full.</summary>
    internal long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>Gets how many distinct authorities have their own name in telemetry.</summary>
    internal int NamedCount
    {
        get
        {
            lock (_lock)
            {
                return _namedAuthorities.Count;
            }
        }
    }

    /// <summary>Returns the entry of the request's authority with a lease taken for this request: call <see cref="AuthorityEntry.Release"/> when it ends.</summary>
    /// <exception cref="InvalidOperationException">The request has no absolute URI.</exception>
    /// <exception cref="HttpAuthorityLimitExceededException">The store is full and the authority is new.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AuthorityEntry Acquire(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            ThrowNoAbsoluteUri();
        }

        // Perf: Uri caches its scheme and IDN host, so the key costs no allocation; Uri lower-cases both, so the ordinal
        // key matches authorities as HTTP does.
        var key = (uri.Scheme, uri.IdnHost, uri.Port);
        if (_entries.TryGetValue(key, out var entry) && entry.TryAcquire())
        {
            return entry.IsBuilt ? entry : EnsureBuilt(entry);
        }

        return AcquireSlow(key);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _sweepTimer.Dispose();
        foreach (var (_, entry) in _entries)
        {
            entry.Detach();
        }
    }

    /// <summary>Rebuilds the pipelines of the held authorities with the client's reloaded options; the adapter's own
    /// breakers are kept (state and counts) and take the reloaded options. Requests in flight finish on the pipeline they started on.</summary>
    public void RebuildPipelines()
    {
        foreach (var (_, entry) in _entries)
        {
            entry.Rebuild();
        }
    }

    [DoesNotReturn]
    private static void ThrowNoAbsoluteUri() =>
        throw new InvalidOperationException("A request sent through a per-authority resilience handler must have an absolute RequestUri.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private AuthorityEntry AcquireSlow((string Scheme, string Host, int Port) key)
    {
        AuthorityEntry? entry;
        var refused = false;
        var firstRefusal = false;
        var namesExhausted = false;
        lock (_lock)
        {
            // Evictions happen under this lock, so an entry found here is not evicted and the lease cannot fail.
            if (_entries.TryGetValue(key, out entry) && entry.TryAcquire())
            {
                // Held: fall through to the build check below.
            }
            else if (_count >= _maxAuthorities)
            {
                refused = true;
                firstRefusal = !_refusing;
                _refusing = true;
            }
            else
            {
                entry = CreateEntry_NeedsLock(key, out namesExhausted);
            }
        }

        if (refused)
        {
            throw Refuse(key, firstRefusal);
        }

        if (namesExhausted)
        {
            AuthorityLog.NamesExhausted(_logger, _clientName, _maxAuthorities, _otherName);
        }

        return entry!.IsBuilt ? entry : EnsureBuilt(entry);
    }

    private AuthorityEntry CreateEntry_NeedsLock((string Scheme, string Host, int Port) key, out bool namesExhausted)
    {
        // Telemetry names are bounded over the client's lifetime, not only at once: an authority named once keeps its
        // name, and past the cap new ones share {client}/_other, so replacing idle hosts cannot grow metric series.
        var authority = FormatAuthority(key);
        string? breakerName = null;
        namesExhausted = false;
        if (!_namedAuthorities.Contains(authority))
        {
            if (_namedAuthorities.Count < _maxAuthorities)
            {
                _namedAuthorities.Add(authority);
                namesExhausted = _namedAuthorities.Count == _maxAuthorities;
            }
            else
            {
                breakerName = _otherName;
            }
        }

        var context = new HttpResiliencePipelineContext(_clientName, authority, _services, breakerName) { SharedTimeouts = _timeouts };
        var entry = new AuthorityEntry(key, context, _build, onGauge: breakerName is null, OnBreakerStateChanged, _timeProvider.GetTimestamp(), _monitor);
        entry.TryAcquire();
        _entries[key] = entry;
        _count++;
        _created++;
        _refusing = false;
        return entry;
    }

    private HttpAuthorityLimitExceededException Refuse((string Scheme, string Host, int Port) key, bool firstRefusal)
    {
        Interlocked.Increment(ref _rejected);
        AuthorityMetrics.RecordRejected(_clientName);
        var authority = FormatAuthority(key);
        if (firstRefusal)
        {
            // Once per saturation: the next creation ends it. The counter counts every refusal.
            AuthorityLog.LimitReached(_logger, _clientName, _maxAuthorities, _idleTimeout, authority);
        }

        return new HttpAuthorityLimitExceededException(_clientName, authority, _maxAuthorities);
    }

    /// <summary>Builds the pipeline of a new entry (user code, outside the lock); a failed build discards the entry.</summary>
    private AuthorityEntry EnsureBuilt(AuthorityEntry entry)
    {
        try
        {
            entry.GetPipeline();
            return entry;
        }
        catch
        {
            entry.Release();
            Discard(entry);
            throw;
        }
    }

    /// <summary>Drops an entry whose pipeline could not be built; the authority's next request tries again.</summary>
    private void Discard(AuthorityEntry entry)
    {
        lock (_lock)
        {
            if (_entries.TryRemove(new KeyValuePair<(string, string, int), AuthorityEntry>(entry.Key, entry)))
            {
                _count--;
            }
        }
    }

    private void OnBreakerStateChanged(object? sender, CircuitBreaking.CircuitStateChangedEventArgs e) => e.WriteTo(_circuitListener);

    private static string FormatAuthority((string Scheme, string Host, int Port) key) => $"{key.Scheme}://{key.Host}:{key.Port}";
}

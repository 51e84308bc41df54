using System.Diagnostics;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry.Internal;
using Resilience.Monitoring;
using Resilience.Monitoring.Internal;

namespace Resilience.Http.Internal;

/// <summary>
/// One authority's slot in an <see cref="AuthorityPipelineStore"/>: its pipeline, built once, and a lease word that
/// counts the requests in flight. Thread-safe.
/// </summary>
/// <remarks>
/// The lease word decides every race between a request and eviction with one compare-and-swap: a request adds a lease
/// (and sets <see cref="Touched"/>) only while the word is not <see cref="Evicted"/>, and the sweeper marks it evicted
/// only from 0 (no lease, untouched since its last look). So no request ever runs on an evicted entry, and no outcome
/// reaches a breaker that is no longer in the store.
/// </remarks>
internal sealed class AuthorityEntry
{
    private const int Evicted = int.MinValue;
    private const int Touched = 1 << 30;
    private const int LeaseMask = Touched - 1;

    private readonly Lazy<ResiliencePipeline> _pipeline;
    private readonly Func<HttpResiliencePipelineContext, ResiliencePipeline> _build;
    private readonly Lock _rebuildLock = new();
    private bool _rebuildPending;
    private readonly EventHandler<CircuitStateChangedEventArgs> _onStateChanged;
    private ResiliencePipeline? _built;
    private CircuitBreaker[] _breakers = [];
    private readonly CircuitBreakerMonitor? _monitor;
    private IDisposable? _gauge;
    private int _word = Touched;

    /// <param name="key">The authority.</param>
    /// <param name="context">What the pipeline is built for.</param>
    /// <param name="build">Builds the pipeline (user code: it runs outside every lock, once).</param>
    /// <param name="onGauge">Whether the adapter's own breaker goes on the state gauge (not for <c>_other</c> names, which repeat).</param>
    /// <param name="onStateChanged">Logs the transitions of the adapter's own breaker.</param>
    /// <param name="createdTimestamp">The store's clock when the entry was created.</param>
    /// <param name="monitor">The application's monitor, which shows the adapter's own breaker while the entry is held (with the gauge).</param>
    public AuthorityEntry(
        (string Scheme, string Host, int Port) key,
        HttpResiliencePipelineContext context,
        Func<HttpResiliencePipelineContext, ResiliencePipeline> build,
        bool onGauge,
        EventHandler<CircuitStateChangedEventArgs> onStateChanged,
        long createdTimestamp,
        CircuitBreakerMonitor? monitor = null)
    {
        _monitor = monitor;
        Key = key;
        Context = context;
        IdleSince = createdTimestamp;
        _onStateChanged = onStateChanged;
        _build = build;
        _pipeline = new Lazy<ResiliencePipeline>(() => BuildOnce(onGauge), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public (string Scheme, string Host, int Port) Key { get; }

    public HttpResiliencePipelineContext Context { get; }

    /// <summary>Gets or sets when the sweeper last saw the entry in use; read and written only under the store's lock.</summary>
    public long IdleSince { get; set; }

    public bool IsEvicted => Volatile.Read(ref _word) == Evicted;

    /// <summary>Gets a value indicating whether the pipeline is built (then <see cref="Pipeline"/> is set).</summary>
    public bool IsBuilt => Volatile.Read(ref _built) is not null;

    /// <summary>Gets the built pipeline; read only after <see cref="IsBuilt"/> or <see cref="GetPipeline"/>.</summary>
    public ResiliencePipeline Pipeline => _built!;

    /// <summary>Gets the number of requests in flight (for tests).</summary>
    internal int Leases => Volatile.Read(ref _word) & LeaseMask;

    /// <summary>Takes a lease for one request; fails once the entry is evicted.</summary>
    public bool TryAcquire()
    {
        var word = Volatile.Read(ref _word);
        while (word != Evicted)
        {
            Debug.Assert((word & LeaseMask) < LeaseMask, "More than 2^30 requests in flight on one authority.");
            var seen = Interlocked.CompareExchange(ref _word, (word + 1) | Touched, word);
            if (seen == word)
            {
                return true;
            }

            word = seen;
        }

        return false;
    }

    /// <summary>Returns the lease of one request.</summary>
    public void Release()
    {
        var word = Interlocked.Decrement(ref _word);
        Debug.Assert(word >= 0 && (word & LeaseMask) != LeaseMask, "A lease was released twice.");
    }

    /// <summary>Returns the pipeline, building it on first use (the caller holds a lease).</summary>
    public ResiliencePipeline GetPipeline() => Volatile.Read(ref _built) ?? Build();

    /// <summary>
    /// Called by the sweeper under the store's lock: clears <see cref="Touched"/> and returns <see langword="false"/>
    /// when a request arrived or is in flight since the last look, else <see langword="true"/> (idle since <see cref="IdleSince"/>).
    /// </summary>
    public bool CheckIdle_NeedsLock()
    {
        var word = Volatile.Read(ref _word);
        if (word == Touched)
        {
            // Used since the last look, none in flight now: idle from now on, unless a request slips in (then the CAS fails
            // and the word stays touched for the next look).
            Interlocked.CompareExchange(ref _word, 0, Touched);
            return false;
        }

        return word == 0;
    }

    /// <summary>
    /// Called by the sweeper under the store's lock: evicts the entry when it is idle and every breaker of its pipeline is
    /// closed. A request that takes a lease first wins, and a breaker that changed without a call (an external hold)
    /// since the check undoes the eviction.
    /// </summary>
    public bool TryEvict_NeedsLock()
    {
        if (Volatile.Read(ref _built) is null || !AllBreakersClosed() || Interlocked.CompareExchange(ref _word, Evicted, 0) != 0)
        {
            return false;
        }

        if (!AllBreakersClosed())
        {
            // No request can have taken a lease since (the word was evicted), so the word is restored as it was, touched.
            Volatile.Write(ref _word, Touched);
            return false;
        }

        return true;
    }

    /// <summary>Takes the entry's breaker off the state gauge (after eviction or when the store is disposed).</summary>
    public void Detach()
    {
        foreach (var stage in Context.OwnedStages)
        {
            stage.Dispose();
        }

        if (Context.OwnedBreaker is { } owned)
        {
            owned.StateChanged -= _onStateChanged;
        }

        if (_gauge is { } gauge)
        {
            gauge.Dispose();
            if (Context.OwnedBreaker is { } tracked)
            {
                _ = _monitor?.Untrack(tracked);
            }
        }
    }

    private bool AllBreakersClosed()
    {
        foreach (var breaker in _breakers)
        {
            if (breaker.State != CircuitState.Closed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Rebuilds the pipeline after the client's options were reloaded; the adapter's own breaker is kept (the preset
    /// reuses <see cref="HttpResiliencePipelineContext.OwnedBreaker"/>). Requests in flight finish on the pipeline they
    /// started on. An entry whose first build is under way rebuilds right after it, so its build cannot keep older options.
    /// </summary>
    public void Rebuild()
    {
        lock (_rebuildLock)
        {
            if (Volatile.Read(ref _built) is null)
            {
                _rebuildPending = true;
                return;
            }

            Rebuild_NeedsLock();
        }
    }

    private ResiliencePipeline Build()
    {
        var pipeline = _pipeline.Value;
        lock (_rebuildLock)
        {
            if (Volatile.Read(ref _built) is null)
            {
                Volatile.Write(ref _built, pipeline);
                if (_rebuildPending)
                {
                    _rebuildPending = false;
                    Rebuild_NeedsLock();
                }
            }

            return _built!;
        }
    }

    private void Rebuild_NeedsLock()
    {
        // The stages the adapter created for the old pipeline (throttle, adaptive limit) leave the metrics with it;
        // the new pipeline has its own, on the reloaded options.
        var previous = Context.OwnedStages.ToArray();
        Context.OwnedStages.Clear();
        var pipeline = BuildAndFindBreakers();
        Volatile.Write(ref _built, pipeline);
        foreach (var stage in previous)
        {
            stage.Dispose();
        }
    }

    /// <summary>Runs once, inside the lazy: builds the pipeline, finds its breakers and puts the entry's own on the gauge.</summary>
    private ResiliencePipeline BuildOnce(bool onGauge)
    {
        var pipeline = BuildAndFindBreakers();
        if (Context.OwnedBreaker is { } owned)
        {
            // The registry logs and gauges its own breakers; the adapter does it for the ones it created, unless the breaker
            // reports to a listener of its own (the options' TelemetryListener), which already receives every transition.
            if (owned.Options.TelemetryListener is null)
            {
                owned.StateChanged += _onStateChanged;
            }

            if (onGauge)
            {
                _gauge = owned.TrackStateGauges();
                _ = _monitor?.Track(owned);
            }
        }

        return pipeline;
    }

    /// <summary>Builds the pipeline (user code, outside the store's lock) and records its breakers.</summary>
    private ResiliencePipeline BuildAndFindBreakers()
    {
        var pipeline = _build(Context);

        // Every breaker stage decides the entry's eviction, whoever created the breaker. Written before _built is
        // published, so the sweeper (which reads _built first) sees them.
        _breakers = [.. pipeline.Strategies.OfType<CircuitBreakerStrategy>().Select(static s => s.Breaker)];
        return pipeline;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking;
using Resilience.Internal;
using Resilience.Registry.Internal;
using Resilience.Telemetry;

namespace Resilience.Registry;

/// <summary>
/// One circuit breaker per service name: created on first use with that name's options, shared afterwards,
/// bounded in number, and reconfigured when its named options change.
/// </summary>
/// <remarks>
/// <para><see cref="GetOrCreate"/> is thread-safe: under any race exactly one breaker is created per name, and its
/// options factory, event subscriptions and gauge registration run once. Looking up an existing name is a
/// dictionary read that allocates nothing.</para>
/// <para><see cref="BreakerAdded"/> and <see cref="BreakerRemoved"/> tell observers (the monitor of the
/// <c>Resilience.Monitoring</c> package) which breakers exist, so the registry knows nothing of them.</para>
/// <para>Options reloads (a change of a name's options, wired from <c>IOptionsMonitor</c> by <c>AddResilience</c>) reach the existing breaker
/// through <see cref="CircuitBreaker.UpdateOptions"/> inside the change notification: calls admitted afterwards use the
/// new thresholds; the current state, counters and running break are kept. A reload that arrives while the breaker
/// is being created is applied as soon as it is published, so the newest options always win. Invalid reloaded
/// options are logged and ignored, so the breaker keeps its previous options. See docs/observability.md, "Configuration reload".</para>
/// </remarks>
public sealed partial class CircuitBreakerRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();
    private readonly Func<string, CircuitBreakerOptions> _optionsFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ResilienceTelemetryListener? _telemetryListener;
    private readonly IDisposable? _optionsSubscription;
    private int _count;
    private int _created;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistry"/> class.</summary>
    /// <param name="options">The registry's limits, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock of every breaker, or <see langword="null"/> for the system clock.</param>
    /// <param name="optionsFactory">Returns the options of the breaker with the given name, or <see langword="null"/> for the defaults.</param>
    /// <param name="telemetryListener">Receives the registry's events (a reload applied or rejected, a handler that threw),
    /// or <see langword="null"/> for none.</param>
    /// <param name="subscribeToReloads">The options seam, or <see langword="null"/> when options never change: called once
    /// with the registry's change callback (a breaker name, or <see langword="null"/> for every breaker, and its new
    /// options); it returns the subscription, which the registry disposes with itself. The DI package connects
    /// <c>IOptionsMonitor&lt;CircuitBreakerOptions&gt;.OnChange</c> to it; another container or options source can do the same.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public CircuitBreakerRegistry(
        CircuitBreakerRegistryOptions? options = null,
        TimeProvider? timeProvider = null,
        Func<string, CircuitBreakerOptions>? optionsFactory = null,
        ResilienceTelemetryListener? telemetryListener = null,
        Func<Action<string?, CircuitBreakerOptions>, IDisposable?>? subscribeToReloads = null)
    {
        options ??= new CircuitBreakerRegistryOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        MaxBreakers = options.MaxBreakers;
        _optionsFactory = optionsFactory ?? (static _ => new CircuitBreakerOptions());
        _timeProvider = timeProvider ?? TimeProvider.System;
        _telemetryListener = telemetryListener;
        _optionsSubscription = subscribeToReloads?.Invoke(OnOptionsChanged);
    }

    /// <summary>Occurs once for each breaker the registry creates, after it is created and before <see cref="GetOrCreate"/> returns it.</summary>
    /// <remarks>Raised on the creating thread, outside the registry's lock. A handler that throws is logged and counted
    /// (<c>resilience.circuit_breaker.callback_errors</c>); the breaker is created all the same.</remarks>
    public event EventHandler<CircuitBreakerRegistryEventArgs>? BreakerAdded;

    /// <summary>Occurs once for each breaker that leaves the registry (<see cref="Remove"/>, <see cref="Dispose"/>, or removed while being created).</summary>
    /// <remarks>Raised on the removing thread. A handler that throws is logged and counted; the removal goes on.</remarks>
    public event EventHandler<CircuitBreakerRegistryEventArgs>? BreakerRemoved;

    /// <summary>Gets the most breakers this registry holds.</summary>
    public int MaxBreakers { get; }

    /// <summary>Gets the number of breakers in the registry.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the names of the breakers in the registry, in no particular order.</summary>
    public IReadOnlyCollection<string> Names => [.. _entries.Keys];

    /// <summary>Gets how many breakers this registry has created (a removed and re-created name counts twice).</summary>
    internal int CreatedCount => Volatile.Read(ref _created);

    /// <summary>Returns the breaker of <paramref name="name"/>, creating it with that name's options on first use.</summary>
    /// <param name="name">The service name: not empty or white space, at most 256 characters, compared ordinally.</param>
    /// <returns>The one breaker of that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, white space or longer than 256 characters,
    /// or the name's options are invalid (the message names the option and its value).</exception>
    /// <exception cref="CircuitBreakerRegistryFullException">The registry holds <see cref="MaxBreakers"/> breakers already.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CircuitBreaker GetOrCreate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Perf: an existing name is one lock-free dictionary read and no allocation.
        if (_entries.TryGetValue(name, out var entry) && entry.Created is { } breaker)
        {
            return breaker;
        }

        return GetOrCreateSlow(name);
    }

    /// <summary>Returns the breaker of <paramref name="name"/> when the registry holds one; never creates.</summary>
    /// <param name="name">The service name.</param>
    /// <param name="breaker">The breaker, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the registry holds a breaker of that name.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out CircuitBreaker? breaker)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_entries.TryGetValue(name, out var entry) && entry.Created is { } created)
        {
            breaker = created;
            return true;
        }

        breaker = null;
        return false;
    }

    /// <summary>Returns every breaker in the registry, in no particular order.</summary>
    /// <returns>A copy of the current breakers.</returns>
    public IReadOnlyList<CircuitBreaker> GetAll()
    {
        var result = new List<CircuitBreaker>(_entries.Count);
        foreach (var entry in _entries.Values)
        {
            if (entry.Created is { } breaker)
            {
                result.Add(breaker);
            }
        }

        return result;
    }

    /// <summary>Reads the snapshot of every breaker, ordered by name.</summary>
    /// <returns>One snapshot per breaker.</returns>
    public IReadOnlyList<CircuitBreakerSnapshot> GetSnapshots()
    {
        var snapshots = GetAll().Select(static b => b.GetSnapshot()).ToList();
        snapshots.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return snapshots;
    }

    /// <summary>Removes the breaker of <paramref name="name"/>: it leaves the gauge and the options reload, and <see cref="BreakerRemoved"/> is raised.</summary>
    /// <param name="name">The service name.</param>
    /// <returns><see langword="true"/> when a breaker was removed.</returns>
    /// <remarks>Code that still holds the removed breaker can go on using it; the next <see cref="GetOrCreate"/> of the name creates a new one.</remarks>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Entry? removed;
        lock (_createLock)
        {
            if (!_entries.TryRemove(name, out removed))
            {
                return false;
            }

            _count--;
        }

        removed.Detach();
        return true;
    }

    /// <summary>Stops listening to options changes and removes every breaker (raising <see cref="BreakerRemoved"/> for each).</summary>
    public void Dispose()
    {
        _optionsSubscription?.Dispose();
        foreach (var name in _entries.Keys)
        {
            Remove(name);
        }
    }
}

using Resilience.CircuitBreaking;
using Resilience.Monitoring.Internal;
using Resilience.Registry;

namespace Resilience.Monitoring;

/// <content>Following a registry: its breakers are monitored from creation to removal.</content>
public sealed partial class CircuitBreakerMonitor
{
    private readonly List<CircuitBreakerRegistry> _watched = [];

    /// <summary>Monitors every breaker of <paramref name="registry"/>: those it holds now and every one it creates
    /// later, each until it leaves the registry or this monitor is disposed.</summary>
    /// <param name="registry">The registry; <c>AddResilience().AddMonitoring()</c> connects the application's registry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is <see langword="null"/>.</exception>
    /// <remarks>Idempotent per registry. A breaker is tracked once per name (see <see cref="MonitoredNames"/>).</remarks>
    public void Watch(CircuitBreakerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (_watched)
        {
            if (_watched.Contains(registry))
            {
                return;
            }

            _watched.Add(registry);
        }

        // Subscribe first, then read what exists: the registry raises BreakerAdded after publishing a breaker, so none is
        // missed; one seen twice is tracked once.
        registry.BreakerAdded += OnBreakerAdded;
        registry.BreakerRemoved += OnBreakerRemoved;
        foreach (var breaker in registry.GetAll())
        {
            Track(new CircuitBreakerAdapter(breaker));
        }
    }

    private void StopWatching()
    {
        CircuitBreakerRegistry[] watched;
        lock (_watched)
        {
            watched = [.. _watched];
            _watched.Clear();
        }

        foreach (var registry in watched)
        {
            registry.BreakerAdded -= OnBreakerAdded;
            registry.BreakerRemoved -= OnBreakerRemoved;
        }
    }

    private void OnBreakerAdded(object? sender, CircuitBreakerRegistryEventArgs e) => Track(new CircuitBreakerAdapter(e.Breaker));

    private void OnBreakerRemoved(object? sender, CircuitBreakerRegistryEventArgs e) => _ = Untrack(e.Breaker);

    /// <summary>Monitors one breaker that no watched registry holds (the HTTP adapter's per-authority breakers do this),
    /// until <see cref="Untrack(CircuitBreaker)"/> or this monitor is disposed.</summary>
    /// <param name="breaker">The breaker.</param>
    /// <returns><see langword="true"/> when it is now monitored; <see langword="false"/> when a breaker of that name already was.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> is <see langword="null"/>.</exception>
    /// <remarks>The caller bounds what it tracks and untracks what it drops (the HTTP adapter: at most its store's
    /// <c>MaxAuthorities</c> per client, untracked when an idle host is evicted).</remarks>
    public bool Track(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        return Track(new CircuitBreakerAdapter(breaker));
    }

    /// <summary>Stops monitoring <paramref name="breaker"/>, only if it is the one monitored under its name.</summary>
    /// <param name="breaker">The breaker.</param>
    /// <returns><see langword="true"/> when it was monitored and no longer is.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="breaker"/> is <see langword="null"/>.</exception>
    public bool Untrack(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        return _entries.TryGetValue(breaker.Name, out var entry) && entry.Circuit is CircuitBreakerAdapter adapter
            && ReferenceEquals(adapter.Breaker, breaker) && Untrack(adapter);
    }
}

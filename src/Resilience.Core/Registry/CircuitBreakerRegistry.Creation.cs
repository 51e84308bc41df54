using Resilience.Internal;
using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking;
using Resilience.Registry.Internal;
using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry.Internal;

namespace Resilience.Registry;

/// <content>Creation (once per name), removal hooks and options reload.</content>
public sealed partial class CircuitBreakerRegistry
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CircuitBreaker GetOrCreateSlow(string name)
    {
        ServiceNames.Validate(name);
        Entry? entry;
        lock (_createLock)
        {
            if (!_entries.TryGetValue(name, out entry))
            {
                if (_count >= MaxBreakers)
                {
                    throw new CircuitBreakerRegistryFullException(name, MaxBreakers);
                }

                entry = new Entry(this, name);
                _entries[name] = entry;
                _count++;
            }
        }

        try
        {
            // Lazy (ExecutionAndPublication) runs the factory once per entry, outside the registry lock: the
            // options factory is user code (configure delegates) and must not run under a lock.
            return entry.Breaker.Value;
        }
        catch
        {
            // Lazy caches the exception; drop the entry so a corrected configuration can create the breaker later.
            lock (_createLock)
            {
                if (_entries.TryGetValue(name, out var current) && ReferenceEquals(current, entry) && _entries.TryRemove(name, out _))
                {
                    _count--;
                }
            }

            throw;
        }
    }

    private CircuitBreaker Create(Entry entry)
    {
        var options = _optionsFactory(entry.Name);
        var breaker = new CircuitBreaker(entry.Name, options, _timeProvider, _telemetryListener);
        entry.Attach(breaker);
        Interlocked.Increment(ref _created);
        if (!_entries.TryGetValue(entry.Name, out var current) || !ReferenceEquals(current, entry))
        {
            // Removed while it was being created: the caller still gets it, but nothing stays attached.
            entry.Detach();
        }

        return breaker;
    }

    private void OnOptionsChanged(string? name, CircuitBreakerOptions options)
    {
        // An entry that is still creating its breaker keeps the reload: the options it read may be older.
        if (name is not null && _entries.TryGetValue(name, out var entry))
        {
            entry.Reload(options);
        }
    }

    private void ApplyReload(CircuitBreaker breaker, CircuitBreakerOptions options)
    {
        var errors = options.GetValidationErrors();
        if (errors.Count > 0)
        {
            Log.OptionsReloadRejected(_telemetryListener, breaker.Name, string.Join(" ", errors));
            return;
        }

        // A change token fires for the whole configuration (twice per JSON reload, for every section of the file): only
        // options that differ are a reload worth applying and logging.
        if (breaker.Options.HasSameSettings(options))
        {
            return;
        }

        breaker.UpdateOptions(options);
        Log.OptionsReloaded(_telemetryListener, breaker.Name);
    }

    /// <summary>One name's slot: the lazily created breaker and what was attached to it.</summary>
    private sealed class Entry
    {
        private readonly CircuitBreakerRegistry _registry;
        private readonly Lock _reloadLock = new();
        private CircuitGaugeSource? _adapter;
        private CircuitBreaker? _created;
        private CircuitBreakerOptions? _pendingReload;
        private int _detached;

        public Entry(CircuitBreakerRegistry registry, string name)
        {
            _registry = registry;
            Name = name;
            Breaker = new Lazy<CircuitBreaker>(() => registry.Create(this), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public string Name { get; }

        public Lazy<CircuitBreaker> Breaker { get; }

        /// <summary>Gets the breaker once it is fully created and attached; <see langword="null"/> before (read lock-free by the fast path).</summary>
        public CircuitBreaker? Created => Volatile.Read(ref _created);

        public void Attach(CircuitBreaker breaker)
        {
            _adapter = new CircuitGaugeSource(breaker);
            CircuitStateGauges.Track(_adapter);

            // Publish and apply a reload that arrived after the options were read, in one step under the reload lock,
            // so a reload is either applied here or by Reload itself, never lost, and reloads apply in arrival order.
            lock (_reloadLock)
            {
                Volatile.Write(ref _created, breaker);
                if (_pendingReload is { } pending)
                {
                    _pendingReload = null;
                    _registry.ApplyReload(breaker, pending);
                }
            }

            // After the breaker is published, so an observer that subscribes and then reads GetAll misses none.
            _registry.Raise(_registry.BreakerAdded, breaker, nameof(BreakerAdded));
        }

        /// <summary>Applies reloaded options to the breaker, or keeps them for <see cref="Attach"/> while it is being created.</summary>
        public void Reload(CircuitBreakerOptions options)
        {
            lock (_reloadLock)
            {
                if (Created is { } breaker)
                {
                    _registry.ApplyReload(breaker, options);
                }
                else
                {
                    _pendingReload = options;
                }
            }
        }

        /// <summary>Detaches this entry's breaker once; it never touches a newer breaker of the same name.</summary>
        public void Detach()
        {
            if (Volatile.Read(ref _adapter) is not { } adapter || Interlocked.Exchange(ref _detached, 1) != 0)
            {
                return;
            }

            CircuitStateGauges.Untrack(adapter);
            _registry.Raise(_registry.BreakerRemoved, adapter.Breaker, nameof(BreakerRemoved));
        }
    }

    /// <summary>Calls each handler in turn; one that throws is logged and counted and the others still run.</summary>
    private void Raise(EventHandler<CircuitBreakerRegistryEventArgs>? handlers, CircuitBreaker breaker, string eventName)
    {
        if (handlers is null)
        {
            return;
        }

        var args = new CircuitBreakerRegistryEventArgs(breaker);
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<CircuitBreakerRegistryEventArgs>)handler)(this, args);
            }
#pragma warning disable CA1031 // A handler's exception must not break creation or removal; it is logged and counted.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var errorType = ex.GetType().FullName ?? ex.GetType().Name;
                CircuitBreakerMetrics.RecordCallbackError(breaker.Name, eventName, errorType);
                Log.RegistryHandlerFailed(_telemetryListener, eventName, breaker.Name, errorType);
            }
        }
    }
}

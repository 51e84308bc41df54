using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Resilience.Redis.Internal;
using Resilience.Registry;

namespace Resilience.Redis;

/// <content>Opt-in per registry: share every breaker of a <see cref="CircuitBreakerRegistry"/>, present and future.</content>
public sealed partial class RedisCircuitSharing
{
    private readonly List<RegistryShare> _registries = [];

    /// <summary>
    /// Shares the breakers of <paramref name="registry"/> (those <paramref name="include"/> accepts): the ones it holds now
    /// and the ones it creates later. Breakers removed from the registry are detached.
    /// </summary>
    /// <param name="registry">The registry; its <see cref="CircuitBreakerRegistry.MaxBreakers"/> bounds the shared keys too.</param>
    /// <param name="include">Selects breakers by name; <see langword="null"/> shares them all.</param>
    /// <returns>A handle; dispose it to stop sharing this registry's breakers (they are detached at the next round).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is <see langword="null"/>.</exception>
    /// <remarks>The registry is read by the background loop at every round, never on the call path. A breaker whose name
    /// does not fit in a key (braces, spaces) or beyond <see cref="RedisCircuitSharingOptions.MaxBreakers"/> is left local.</remarks>
    public IDisposable ShareAll(CircuitBreakerRegistry registry, Func<string, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var share = new RegistryShare(this, registry, include);
        lock (_registries)
        {
            _registries.Add(share);
        }

        Wake();
        return share;
    }

    /// <summary>Attaches new breakers of the shared registries and detaches removed ones. Runs inside the serialised round.</summary>
    private void SyncRegistries_NeedsLock()
    {
        RegistryShare[] shares;
        lock (_registries)
        {
            if (_registries.Count == 0 && _fromRegistries.IsEmpty)
            {
                return;
            }

            shares = [.. _registries];
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var share in shares)
        {
            foreach (var breaker in share.Registry.GetAll())
            {
                var included = share.Includes(breaker.Name, _logger, InstanceId, _callbackErrors);
                if (included is null)
                {
                    // The filter threw: keep the breaker as it is (shared or not) until the filter answers again.
                    if (_fromRegistries.ContainsKey(breaker.Name))
                    {
                        wanted.Add(breaker.Name);
                    }

                    continue;
                }

                if (included == false || !wanted.Add(breaker.Name))
                {
                    continue;
                }

                if (!_agents.ContainsKey(breaker.Name) && _agents.Count < _options.MaxBreakers && OptionsValidation.IsValidName(breaker.Name))
                {
                    var agent = NewAgent(new BreakerLocalCircuit(breaker));
                    if (_agents.TryAdd(breaker.Name, agent))
                    {
                        _fromRegistries[breaker.Name] = agent;
                    }
                }
            }
        }

        foreach (var (name, agent) in _fromRegistries)
        {
            if (!wanted.Contains(name) && _fromRegistries.TryRemove(name, out _) && _agents.TryRemove(new KeyValuePair<string, SharedCircuitAgent>(name, agent)))
            {
                Detach_NeedsLock(agent);
            }
        }
    }

    private void Unshare(RegistryShare share)
    {
        lock (_registries)
        {
            _registries.Remove(share);
        }

        Wake();
    }

    private sealed class RegistryShare(RedisCircuitSharing owner, CircuitBreakerRegistry registry, Func<string, bool>? include) : IDisposable
    {
        private bool _faulted;

        public CircuitBreakerRegistry Registry { get; } = registry;

        public void Dispose() => owner.Unshare(this);

        /// <summary>Asks the user's filter; <see langword="null"/> when it threw (counted every time, logged once until it
        /// answers again). Round only.</summary>
        public bool? Includes(string name, ILogger logger, string instanceId, Counter<long> callbackErrors)
        {
            if (include is null)
            {
                return true;
            }

            try
            {
                var included = include(name);
                _faulted = false;
                return included;
            }
#pragma warning disable CA1031 // A user callback's bug must not stop the rounds of every other breaker.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                callbackErrors.Add(
                    1,
                    new KeyValuePair<string, object?>("resilience.callback", RedisCircuitSharingConstants.ShareAllFilterCallback),
                    new KeyValuePair<string, object?>("error.type", ex.GetType().FullName),
                    new KeyValuePair<string, object?>("instance", instanceId));
                if (!_faulted)
                {
                    _faulted = true;
                    Log.FilterFailed(logger, name, instanceId, ex);
                }

                return null;
            }
        }
    }
}

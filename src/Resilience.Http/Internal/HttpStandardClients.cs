using System.Collections.Concurrent;

namespace Resilience.Http.Internal;

/// <summary>The names of the clients that use the standard preset, to map a breaker name back to its client. Thread-safe.</summary>
internal sealed class HttpStandardClients
{
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    public void Add(string clientName) => _names.TryAdd(clientName, true);

    /// <summary>The client owning a breaker of the registry (named <c>{client}</c>), or <see langword="null"/>.</summary>
    /// <remarks>Per-authority breakers are not in the registry: the client's store creates them with the client's options.</remarks>
    public string? FindOwner(string breakerName) => _names.ContainsKey(breakerName) ? breakerName : null;
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Resilience.Http.Internal;

/// <summary>The names of the clients that use the standard preset, to map a breaker name back to its client. Thread-safe.</summary>
internal sealed class HttpStandardClients
{
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, string> _sectionPaths = new(StringComparer.Ordinal);

    public void Add(string clientName) => _names.TryAdd(clientName, true);

    /// <summary>Remembers the configuration section a client's options are bound from, so messages name its path.</summary>
    public void SetSection(string clientName, IConfiguration section) =>
        _sectionPaths[clientName] = section is IConfigurationSection s ? s.Path : HttpClientPaths.Of(clientName);

    /// <summary>How messages name the client: the configuration path it is bound from, or <see cref="HttpClientPaths.Of"/>.</summary>
    public string Describe(string clientName) => _sectionPaths.TryGetValue(clientName, out var path) ? path : HttpClientPaths.Of(clientName);

    /// <summary>The client owning a breaker of the registry (named <c>{client}</c>), or <see langword="null"/>.</summary>
    /// <remarks>Per-authority breakers are not in the registry: the client's store creates them with the client's options.</remarks>
    public string? FindOwner(string breakerName) => _names.ContainsKey(breakerName) ? breakerName : null;
}

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
        _sectionPaths[clientName] = section is IConfigurationSection s ? s.Path : $"HTTP client '{clientName}'";

    /// <summary>How messages name the client: its configuration path, or <c>HTTP client 'name'</c>.</summary>
    public string Describe(string? clientName) =>
        clientName is not null && _sectionPaths.TryGetValue(clientName, out var path) ? path : $"HTTP client '{clientName}'";

    /// <summary>The client owning a breaker named <c>{client}</c> or <c>{client}/{authority}</c>, or <see langword="null"/>.</summary>
    public string? FindOwner(string breakerName)
    {
        if (_names.ContainsKey(breakerName))
        {
            return breakerName;
        }

        // Authorities contain "://", so the owner is the part before the last "/" that precedes the scheme separator.
        var scheme = breakerName.IndexOf("://", StringComparison.Ordinal);
        var slash = scheme < 0 ? -1 : breakerName.LastIndexOf('/', scheme);
        return slash > 0 && _names.ContainsKey(breakerName[..slash]) ? breakerName[..slash] : null;
    }
}

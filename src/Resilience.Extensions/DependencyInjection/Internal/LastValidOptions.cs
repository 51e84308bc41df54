using System.Collections.Concurrent;

namespace Resilience.DependencyInjection.Internal;

/// <summary>The last options of each name that passed validation; what a rejected reload falls back to. Thread-safe.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class LastValidOptions<TOptions>
    where TOptions : class
{
    private readonly ConcurrentDictionary<string, TOptions> _options = new(StringComparer.Ordinal);

    public void Set(string name, TOptions options) => _options[name] = options;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TOptions? options) => _options.TryGetValue(name, out options);
}

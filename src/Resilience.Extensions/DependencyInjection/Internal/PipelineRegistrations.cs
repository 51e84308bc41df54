namespace Resilience.DependencyInjection.Internal;

/// <summary>The builder callbacks of the registered pipelines, by name; filled while services are registered.</summary>
internal sealed class PipelineRegistrations
{
    private readonly Dictionary<string, Action<ResiliencePipelineBuilder, ResiliencePipelineBuildContext>> _callbacks = new(StringComparer.Ordinal);

    /// <summary>Sets the callback of <paramref name="name"/>; a second registration of a name replaces the first.</summary>
    public void Set(string name, Action<ResiliencePipelineBuilder, ResiliencePipelineBuildContext> configure) => _callbacks[name] = configure;

    public IReadOnlyDictionary<string, PipelineEntry> CreateEntries(IServiceProvider services) =>
        _callbacks.ToDictionary(static p => p.Key, p => new PipelineEntry(p.Key, p.Value, services), StringComparer.Ordinal);
}

using System.Diagnostics.CodeAnalysis;
using Resilience.DependencyInjection.Internal;

namespace Resilience.DependencyInjection;

/// <summary>
/// Resolves the pipelines registered with <see cref="ResilienceBuilder.AddPipeline"/> by name; the analogue of
/// Polly's <c>ResiliencePipelineProvider&lt;string&gt;</c>. A singleton; thread-safe.
/// </summary>
/// <remarks>Each pipeline is built on first use and then shared. A pipeline whose builder read options through
/// <see cref="ResiliencePipelineBuildContext.GetOptions{TOptions}"/> is rebuilt when they change; the instance this
/// provider (or <c>[FromKeyedServices(name)] ResiliencePipeline</c>) returned stays valid and runs the new stages; the
/// replaced build is disposed once the last call that entered it has ended. Disposing the provider (the container does
/// it) disposes every pipeline it built and stops following reloads.</remarks>
public sealed class ResiliencePipelineProvider : IDisposable
{
    private readonly IReadOnlyDictionary<string, PipelineEntry> _entries;

    internal ResiliencePipelineProvider(IReadOnlyDictionary<string, PipelineEntry> entries) => _entries = entries;

    /// <summary>Gets the names of the registered pipelines.</summary>
    public IReadOnlyCollection<string> Names => [.. _entries.Keys];

    /// <summary>Returns the pipeline registered as <paramref name="name"/>, building it on first use.</summary>
    /// <param name="name">The name given to <see cref="ResilienceBuilder.AddPipeline"/>.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">No pipeline has that name.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public ResiliencePipeline GetPipeline(string name) =>
        TryGetPipeline(name, out var pipeline)
            ? pipeline
            : throw new KeyNotFoundException($"No resilience pipeline is registered as '{name}'; register it with services.AddResilience().AddPipeline(\"{name}\", ...).");

    /// <summary>Returns the pipeline registered as <paramref name="name"/>, when there is one.</summary>
    /// <param name="name">The name.</param>
    /// <param name="pipeline">The pipeline, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a pipeline has that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public bool TryGetPipeline(string name, [NotNullWhen(true)] out ResiliencePipeline? pipeline)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_entries.TryGetValue(name, out var entry))
        {
            pipeline = entry.Pipeline;
            return true;
        }

        pipeline = null;
        return false;
    }

    /// <summary>Disposes every pipeline this provider built: their timer wheels are released and later calls through
    /// them fail with <see cref="ObjectDisposedException"/>; calls in flight finish first.</summary>
    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Dispose();
        }
    }
}

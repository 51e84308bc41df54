using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal;
using Resilience.Registry;
using Resilience.CircuitBreaking;

namespace Resilience.DependencyInjection;

/// <summary>
/// What the builder callback of <see cref="ResilienceBuilder.AddPipeline"/> gets besides the builder: the pipeline's
/// name, the services, named options that make the pipeline follow configuration reloads, and the registry's breakers.
/// </summary>
/// <remarks>The analogue of Polly's <c>AddResiliencePipelineContext&lt;TKey&gt;</c> (<c>GetOptions</c> and
/// <c>EnableReloads</c> in one call). A context lives for one build; do not keep it.</remarks>
public sealed class ResiliencePipelineBuildContext
{
    private readonly PipelineEntry _entry;

    internal ResiliencePipelineBuildContext(string pipelineName, IServiceProvider serviceProvider, PipelineEntry entry)
    {
        PipelineName = pipelineName;
        ServiceProvider = serviceProvider;
        _entry = entry;
    }

    /// <summary>Gets the name the pipeline is registered and resolved by.</summary>
    public string PipelineName { get; }

    /// <summary>Gets the application's services.</summary>
    public IServiceProvider ServiceProvider { get; }

    /// <summary>
    /// Returns the current named options <paramref name="name"/> (by default the pipeline's name), and rebuilds the
    /// pipeline whenever they change (a configuration reload). Pipelines already resolved run the rebuilt stages from
    /// their next call; an invalid reload keeps the last valid options and the pipeline as it is.
    /// </summary>
    /// <typeparam name="TOptions">The options type, for example <c>RetryOptions</c> bound from <c>Resilience:Retries:&lt;name&gt;</c>.</typeparam>
    /// <param name="name">The options name, or <see langword="null"/> for <see cref="PipelineName"/>.</param>
    /// <returns>The options.</returns>
    public TOptions GetOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(string? name = null)
        where TOptions : class
    {
        var optionsName = name ?? PipelineName;
        var monitor = ServiceProvider.GetRequiredService<IOptionsMonitor<TOptions>>();
        _entry.WatchOptions(monitor, optionsName);
        return monitor.Get(optionsName);
    }

    /// <summary>
    /// Returns the registry's breaker <paramref name="name"/> (by default the pipeline's name): shared with every other
    /// user of that name, kept with its state across rebuilds, and reloaded by the registry.
    /// </summary>
    /// <param name="name">The breaker name, or <see langword="null"/> for <see cref="PipelineName"/>.</param>
    /// <returns>The breaker.</returns>
    /// <exception cref="InvalidOperationException"><c>AddResilience</c> was not called.</exception>
    public CircuitBreaker GetCircuitBreaker(string? name = null) =>
        ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().GetOrCreate(name ?? PipelineName);
}

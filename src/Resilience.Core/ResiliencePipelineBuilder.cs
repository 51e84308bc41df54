namespace Resilience;

/// <summary>
/// Composes stages into a <see cref="ResiliencePipeline"/>, outermost first in the order they are added.
/// </summary>
/// <remarks>
/// The recommended order is fallback, total timeout, retry, circuit breaker, attempt timeout: see docs/pipeline.md.
/// Feature extensions such as <c>AddRetry</c> and <c>AddCircuitBreaker</c> add stages through <see cref="AddStrategy"/>.
/// </remarks>
public sealed class ResiliencePipelineBuilder
{
    private readonly List<ResilienceStrategy> _strategies = [];

    /// <summary>Gets or sets the clock every stage built by this builder uses.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the name of the pipeline: the dependency it protects, as telemetry shows it.</summary>
    /// <value>The default value is <see langword="null"/>. Stages added after it is set take it as their name in telemetry
    /// (<c>circuit_breaker.name</c>, <c>retry.name</c>, <c>timeout.name</c>) unless their options name them; set it first.</value>
    public string? Name { get; set; }

    /// <summary>Adds a stage inside the stages added before it.</summary>
    /// <param name="strategy">The stage.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="strategy"/> is <see langword="null"/>.</exception>
    public ResiliencePipelineBuilder AddStrategy(ResilienceStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        _strategies.Add(strategy);
        return this;
    }

    /// <summary>Builds the pipeline. The builder can be changed and built again afterwards without affecting it.</summary>
    /// <returns>The pipeline.</returns>
    public ResiliencePipeline Build() => new(_strategies.ToArray());
}

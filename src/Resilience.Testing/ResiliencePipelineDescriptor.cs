using Resilience.CircuitBreaking;

namespace Resilience.Testing;

/// <summary>
/// What a built <see cref="ResiliencePipeline"/> is made of: its stages, outermost first, with the options each was built
/// from. Get one with <see cref="ResiliencePipelineTestingExtensions.GetPipelineDescriptor"/>.
/// </summary>
/// <remarks>A descriptor is a picture taken when it is made; a pipeline never changes its stages, but a breaker's options
/// can be updated by a reload, and <see cref="ResilienceStrategyDescriptor.Options"/> of a breaker stage reads them live.</remarks>
public sealed class ResiliencePipelineDescriptor
{
    private const int MaxNesting = 8;

    internal ResiliencePipelineDescriptor(ResiliencePipeline pipeline)
    {
        var stages = new List<ResilienceStrategy>();
        IsReloadable = Flatten(pipeline, stages, depth: 0);
        Strategies = [.. stages.Select(static s => new ResilienceStrategyDescriptor(s))];
        CircuitBreakers = [.. stages.OfType<CircuitBreakerStrategy>().Select(static s => s.Breaker)];
    }

    /// <summary>Gets the stages, outermost first (the order in which they were added to the builder). A stage that runs
    /// another pipeline (the reloadable stage of a named pipeline registered in DI) is replaced by that pipeline's stages
    /// as they are now.</summary>
    public IReadOnlyList<ResilienceStrategyDescriptor> Strategies { get; }

    /// <summary>Gets a value indicating whether the pipeline rebuilds its stages on a configuration reload (a named
    /// pipeline whose callback read reloadable options); <see cref="Strategies"/> are those of the current build.</summary>
    public bool IsReloadable { get; }

    /// <summary>Gets the circuit breakers the pipeline's breaker stages run, outermost first.</summary>
    public IReadOnlyList<CircuitBreaker> CircuitBreakers { get; }

    /// <summary>Gets the options of the one stage whose options are a <typeparamref name="TOptions"/>.</summary>
    /// <typeparam name="TOptions">The options type, such as <c>RetryOptions</c> or <c>CircuitBreakerOptions</c>.</typeparam>
    /// <returns>The options.</returns>
    /// <exception cref="InvalidOperationException">No stage, or more than one, has options of that type; the message lists
    /// the stages.</exception>
    public TOptions GetOptions<TOptions>()
        where TOptions : class
    {
        var matches = Strategies.Select(static s => s.Options).OfType<TOptions>().ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"Expected one stage with {typeof(TOptions).Name} but found {matches.Count}; the stages are: {this}.");
    }

    private static bool Flatten(ResiliencePipeline pipeline, List<ResilienceStrategy> stages, int depth)
    {
        var wrapped = false;
        foreach (var stage in pipeline.Strategies)
        {
            // The depth bound stops a pipeline that (by mistake) runs itself from recursing without end.
            if (stage.Options is ResiliencePipeline inner && depth < MaxNesting)
            {
                Flatten(inner, stages, depth + 1);
                wrapped = true;
            }
            else
            {
                stages.Add(stage);
            }
        }

        return wrapped;
    }

    /// <summary>Returns the stages as text, outermost first, such as <c>TimeoutStrategy(00:00:10) &gt; RetryStrategy &gt;
    /// CircuitBreakerStrategy(inventory)</c>.</summary>
    /// <returns>The stages, or <c>(no stages)</c>.</returns>
    public override string ToString() =>
        Strategies.Count == 0 ? "(no stages)" : string.Join(" > ", Strategies.Select(static s => s.ToString()));
}

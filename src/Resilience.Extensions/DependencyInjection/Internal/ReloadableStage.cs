namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// The one stage of a registered pipeline that follows reloads: it runs the current build of the pipeline, which a
/// reload swaps, so a pipeline instance handed out before the reload runs the new stages.
/// </summary>
internal sealed class ReloadableStage(ResiliencePipeline current) : ResilienceStrategy
{
    private volatile ResiliencePipeline _current = current;

    /// <summary>Gets the current build.</summary>
    public ResiliencePipeline Current => _current;

    /// <summary>Gets the current build: a stage that runs another pipeline shows it as its options, so descriptors
    /// (Resilience.Testing) list the stages inside.</summary>
    public override object? Options => _current;

    public void Replace(ResiliencePipeline pipeline) => _current = pipeline;

    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) => _current.ExecuteOutcomeAsync(callback, context, state);
}

namespace Resilience.Http.Internal;

/// <summary>How one named client builds its pipelines; a named option keyed by the client name.</summary>
internal sealed class HttpResilienceRegistration
{
    public Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext>? ConfigurePipeline { get; set; }
}

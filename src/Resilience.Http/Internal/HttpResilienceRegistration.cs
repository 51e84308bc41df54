namespace Resilience.Http.Internal;

/// <summary>How one named client builds its pipelines and reads its options; a named option keyed by the client name.</summary>
internal sealed class HttpResilienceRegistration
{
    public Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext>? ConfigurePipeline { get; set; }

    /// <summary>Reads the client's options: <see cref="ResilientHttpClientOptions"/>, or the standard preset's derived options.</summary>
    public Func<IServiceProvider, string, ResilientHttpClientOptions>? GetOptions { get; set; }

    /// <summary>The type of the options <see cref="GetOptions"/> reads: a reload of those options, and of no other type, rebuilds the client's pipelines.</summary>
    public Type? OptionsType { get; set; }
}

namespace Resilience.Testing;

/// <summary>Inspects built pipelines in tests.</summary>
public static class ResiliencePipelineTestingExtensions
{
    /// <summary>Describes the stages of <paramref name="pipeline"/> and their options, to assert that the code under test
    /// built (or a configuration produced) the pipeline it should. The analogue of Polly.Testing's method of the same name.</summary>
    /// <param name="pipeline">The pipeline, for example from <c>ResiliencePipelineProvider.GetPipeline(name)</c>.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pipeline"/> is <see langword="null"/>.</exception>
    public static ResiliencePipelineDescriptor GetPipelineDescriptor(this ResiliencePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return new ResiliencePipelineDescriptor(pipeline);
    }
}

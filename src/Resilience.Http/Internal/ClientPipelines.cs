namespace Resilience.Http.Internal;

/// <summary>
/// The current pipelines of one client: one pipeline selector, or a per-authority store. A reload swaps them while
/// handlers keep their reference to this object. Thread-safe.
/// </summary>
internal sealed class ClientPipelines(ClientPipelines.Source source)
{
    private volatile Source _source = source;

    /// <summary>Gets the pipelines that new requests use.</summary>
    public Source Current => _source;

    public void Replace(Source source) => _source = source;

    /// <summary>Exactly one of the two is set.</summary>
    internal sealed record Source(Func<HttpRequestMessage, ResiliencePipeline>? Selector, AuthorityPipelineStore? Authorities);
}

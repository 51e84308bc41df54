namespace Resilience.Http.Internal;

/// <summary>Copies a request for a hedged attempt, so concurrent attempts never send one message.</summary>
internal static class HttpRequestCopy
{
    /// <summary>
    /// Copies method, URI, version and policy, headers (content headers come with the content) and options. The content
    /// object is shared: the handler buffered it (it is replayable), and buffered content can be written by several
    /// attempts at once. The copy is not disposed, since that would dispose the shared content; it holds nothing else.
    /// </summary>
    public static HttpRequestMessage Create(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
            Content = request.Content,
        };

        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (key, value) in request.Options)
        {
            copy.Options.Set(new HttpRequestOptionsKey<object?>(key), value);
        }

        return copy;
    }
}

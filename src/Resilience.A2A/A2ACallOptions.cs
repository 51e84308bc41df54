namespace Resilience.A2A;

/// <summary>Per-call settings of any A2A call: extra HTTP headers and the extensions the call activates.</summary>
/// <remarks>Headers the client sets itself (<c>A2A-Version</c>, <c>Content-Type</c>, <c>Accept</c>, <c>Content-Length</c>,
/// <c>Host</c>) cannot be given here; a header of the same name as a credential header replaces it for this call.</remarks>
public class A2ACallOptions
{
    /// <summary>Gets the extra HTTP headers of the call, by name.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the URIs of the extensions the call activates; sent as <c>A2A-Extensions</c> (v1.0) or
    /// <c>X-A2A-Extensions</c> (v0.3), comma-separated.</summary>
    public IList<string> Extensions { get; } = [];
}

using Resilience.A2A.Internal;
using Resilience.Internal;

namespace Resilience.A2A;

/// <summary>Settings of an <see cref="A2AClient"/>: where the agent is, which protocol to prefer, and the bounds that
/// protect the client from a misbehaving peer.</summary>
public class A2AClientOptions : IValidatableOptions
{
    /// <summary>Gets or sets the agent's base URL; its card is looked up at <c>{base}/.well-known/agent-card.json</c>.</summary>
    /// <value>Required; an absolute <c>http</c> or <c>https</c> URL.</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the protocol version used when the agent card offers both.</summary>
    /// <value>The default is <see cref="A2AProtocolVersion.V1"/>.</value>
    public A2AProtocolVersion PreferredProtocolVersion { get; set; } = A2AProtocolVersion.V1;

    /// <summary>Gets or sets the largest response body (agent card, JSON-RPC answer, error body) the client reads.</summary>
    /// <value>The default is 4 MiB. A larger answer fails with <see cref="A2AErrorKind.Protocol"/>.</value>
    public int MaxResponseBytes { get; set; } = A2AConstants.DefaultMaxResponseBytes;

    /// <summary>Gets or sets the largest single server-sent event of a stream.</summary>
    /// <value>The default is 1 MiB. A larger event fails with <see cref="A2AErrorKind.Protocol"/>.</value>
    public int MaxSseEventBytes { get; set; } = A2AConstants.DefaultMaxSseEventBytes;

    /// <summary>Gets or sets how long a stream may stay silent (no bytes at all) before the client gives up on it.</summary>
    /// <value>The default is 60 seconds. The wait fails with <see cref="A2AErrorKind.Timeout"/>, or resubscribes
    /// when the task is known.</value>
    public TimeSpan StreamIdleTimeout { get; set; } = A2AConstants.DefaultStreamIdleTimeout;

    /// <summary>Gets or sets the longest a whole stream may last, resubscriptions included (by default the <c>long_operation</c> timeout).</summary>
    /// <value>The default is 120 seconds. A longer stream fails with <see cref="A2AErrorKind.Timeout"/>; this bounds a peer
    /// that streams forever without reaching a final state.</value>
    public TimeSpan StreamTimeout { get; set; } = A2AConstants.DefaultStreamTimeout;

    /// <summary>Gets or sets the most events one stream may deliver, resubscriptions included, before the client gives up on
    /// it; this bounds a peer that streams forever without reaching a final state as much by work as by time.</summary>
    /// <value>The default is 10,000; at most 10,000,000. More events fail with <see cref="A2AErrorKind.Protocol"/>. Raise it
    /// for an agent that streams many small chunks (for example token by token).</value>
    public int MaxStreamEvents { get; set; } = A2AConstants.DefaultMaxStreamEvents;

    /// <summary>Gets or sets how many times one stream may be resumed with a task subscription after it broke.</summary>
    /// <value>The default is 3; 0 turns resubscription off.</value>
    public int MaxResubscribeAttempts { get; set; } = A2AConstants.DefaultMaxResubscribeAttempts;

    /// <summary>
    /// Gets the credentials by security scheme name (as the agent card names its <c>securitySchemes</c>): the API key
    /// of an <c>apiKey</c> header scheme, or the token (bearer) or encoded user:password (basic) of an <c>http</c> scheme.
    /// </summary>
    /// <remarks>Credentials are sent only to an endpoint on the same origin (scheme, host and port) as
    /// <see cref="BaseAddress"/>, never to another origin an agent card points to.</remarks>
    public IDictionary<string, string> Credentials { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets a callback asked for a credential on every request to the agent's endpoint, once per security scheme
    /// the card declares (for example to refresh an OAuth2 token before it expires). Its non-null answer is used instead of
    /// <see cref="Credentials"/> for that scheme; <see langword="null"/> falls back to <see cref="Credentials"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: only <see cref="Credentials"/>. Called only for an endpoint on the origin
    /// of <see cref="BaseAddress"/>, never for the card request. If it throws, the call fails with
    /// <see cref="A2AErrorKind.Credentials"/> before anything is sent, and the failure is neither retried nor counted by the breaker.</value>
    public Func<A2ACredentialRequest, CancellationToken, ValueTask<string?>>? CredentialProvider { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Check(
            BaseAddress is { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
            nameof(BaseAddress),
            "must be an absolute http or https URL",
            BaseAddress?.OriginalString);
        guard.Range(MaxResponseBytes, A2AConstants.MinMessageBytes, A2AConstants.MaxMessageBytes, nameof(MaxResponseBytes));
        guard.Range(MaxSseEventBytes, A2AConstants.MinMessageBytes, A2AConstants.MaxMessageBytes, nameof(MaxSseEventBytes));
        guard.Range(MaxResubscribeAttempts, 0, A2AConstants.MaxResubscribeAttemptsLimit, nameof(MaxResubscribeAttempts));
        guard.Range(MaxStreamEvents, 1, A2AConstants.MaxStreamEventsLimit, nameof(MaxStreamEvents));
        guard.Range(StreamIdleTimeout, A2AConstants.MinStreamTimeout, A2AConstants.MaxStreamTimeout, nameof(StreamIdleTimeout));
        guard.Range(StreamTimeout, A2AConstants.MinStreamTimeout, A2AConstants.MaxStreamTimeout, nameof(StreamTimeout));
        guard.Defined(PreferredProtocolVersion, nameof(PreferredProtocolVersion));
        AddValidationErrors(ref guard);
        return guard.Errors;
    }

    /// <summary>Adds the checks of a derived options type.</summary>
    internal virtual void AddValidationErrors(ref OptionsGuard guard)
    {
    }
}

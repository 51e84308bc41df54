namespace Resilience.Http;

/// <summary>
/// Thrown for a request to a new authority when its client, with <see cref="HttpBreakerScope.Authority"/>, already holds
/// <see cref="ResilientHttpClientOptions.MaxAuthorities"/> authorities and none of them can be evicted (each was used
/// within <see cref="ResilientHttpClientOptions.AuthorityIdleTimeout"/> or has a circuit that is not closed). The request
/// was not sent.
/// </summary>
/// <remarks>Only that client's requests to authorities it does not hold are refused; its other authorities, other clients
/// and named breakers go on. A refusal is a rejection (<see cref="ExecutionRejectedException"/>), so
/// <see cref="ResilientHttpHandlerOptions.ReturnServiceUnavailableOnRejection"/> turns it into a synthetic 503.</remarks>
public sealed class HttpAuthorityLimitExceededException : ExecutionRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="HttpAuthorityLimitExceededException"/> class.</summary>
    public HttpAuthorityLimitExceededException()
        : base("The HTTP client holds its maximum number of authorities.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HttpAuthorityLimitExceededException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public HttpAuthorityLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HttpAuthorityLimitExceededException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public HttpAuthorityLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HttpAuthorityLimitExceededException"/> class.</summary>
    /// <param name="clientName">The name of the client.</param>
    /// <param name="authority">The refused authority, <c>scheme://host:port</c>.</param>
    /// <param name="maxAuthorities">The client's <see cref="ResilientHttpClientOptions.MaxAuthorities"/>.</param>
    public HttpAuthorityLimitExceededException(string clientName, string authority, int maxAuthorities)
        : base($"The HTTP client '{clientName}' already holds its maximum of {maxAuthorities} authorities (MaxAuthorities), none idle with a closed circuit, " +
            $"so the request to '{authority}' was not sent. Authorities unused for AuthorityIdleTimeout with closed circuits are evicted; " +
            "map host names taken from untrusted input to a bounded set, or raise MaxAuthorities.")
    {
        ClientName = clientName;
        Authority = authority;
        MaxAuthorities = maxAuthorities;
    }

    /// <summary>Gets the name of the client that refused the request.</summary>
    public string? ClientName { get; }

    /// <summary>Gets the refused authority, <c>scheme://host:port</c>.</summary>
    public string? Authority { get; }

    /// <summary>Gets the client's limit.</summary>
    public int MaxAuthorities { get; }
}

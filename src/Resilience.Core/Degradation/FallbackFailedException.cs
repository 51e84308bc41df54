namespace Resilience.Degradation;

/// <summary>
/// Thrown (or returned as an outcome) when the primary operation failed and then its fallback failed too. The
/// fallback's exception is the <see cref="Exception.InnerException"/>; the primary's is <see cref="PrimaryException"/>.
/// </summary>
public sealed class FallbackFailedException : ResilienceException
{
    /// <summary>Initializes a new instance of the <see cref="FallbackFailedException"/> class.</summary>
    public FallbackFailedException()
        : base("The operation failed and so did its fallback.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FallbackFailedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public FallbackFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FallbackFailedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The fallback's exception.</param>
    public FallbackFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FallbackFailedException"/> class from both failures.</summary>
    /// <param name="primaryException">The primary's exception, or <see langword="null"/> when the primary returned a handled result.</param>
    /// <param name="fallbackException">The fallback's exception.</param>
    public FallbackFailedException(Exception? primaryException, Exception fallbackException)
        : base(CreateMessage(primaryException, fallbackException), fallbackException)
    {
        PrimaryException = primaryException;
    }

    /// <summary>Gets the primary operation's exception.</summary>
    /// <value><see langword="null"/> when the primary returned a result that the fallback's predicate handled.</value>
    public Exception? PrimaryException { get; }

    private static string CreateMessage(Exception? primary, Exception? fallback) =>
        $"The operation failed ({Describe(primary) ?? "a handled result"}) and its fallback failed too ({Describe(fallback)}).";

    private static string? Describe(Exception? exception) =>
        exception is null ? null : $"{exception.GetType().Name}: {exception.Message}";
}

namespace Resilience;

/// <summary>
/// The base type of every exception the library throws, so a caller can catch "the resilience layer said no"
/// in one place.
/// </summary>
public class ResilienceException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ResilienceException"/> class.</summary>
    public ResilienceException()
        : base("The resilience layer failed the operation.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResilienceException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ResilienceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResilienceException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ResilienceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

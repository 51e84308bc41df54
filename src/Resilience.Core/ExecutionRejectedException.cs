namespace Resilience;

/// <summary>
/// The base type of the exceptions thrown when the library refuses to run an operation at all
/// (an open circuit, a full bulkhead), as opposed to an operation that ran and failed.
/// </summary>
public class ExecutionRejectedException : ResilienceException
{
    /// <summary>Initializes a new instance of the <see cref="ExecutionRejectedException"/> class.</summary>
    public ExecutionRejectedException()
        : base("The operation was rejected and did not run.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExecutionRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ExecutionRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExecutionRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ExecutionRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets how long the caller should wait before trying again, when the rejecting component knows it.</summary>
    /// <value><see langword="null"/> when no retry time is known.</value>
    public TimeSpan? RetryAfter { get; init; }
}

namespace Resilience.Timeout;

/// <summary>
/// Thrown when an operation ran out of time. It is distinct from <see cref="OperationCanceledException"/>, which the library
/// lets through only when the caller's own token was cancelled, so callers can tell the two apart.
/// </summary>
public class TimeoutRejectedException : ResilienceException
{
    /// <summary>Initializes a new instance of the <see cref="TimeoutRejectedException"/> class.</summary>
    public TimeoutRejectedException()
        : base("The operation timed out.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TimeoutRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public TimeoutRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TimeoutRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TimeoutRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TimeoutRejectedException"/> class.</summary>
    /// <param name="operationType">The operation type whose timeout elapsed.</param>
    /// <param name="timeout">The timeout that elapsed.</param>
    /// <param name="innerException">The exception the operation ended with, if any.</param>
    public TimeoutRejectedException(string operationType, TimeSpan timeout, Exception? innerException = null)
        : base($"Operation '{operationType}' timed out after {timeout}.", innerException)
    {
        OperationType = operationType;
        Timeout = timeout;
    }

    /// <summary>Gets the operation type whose timeout elapsed (see <see cref="OperationTypes"/>).</summary>
    public string? OperationType { get; }

    /// <summary>Gets the timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}

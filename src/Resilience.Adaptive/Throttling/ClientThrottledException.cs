namespace Resilience.Throttling;

/// <summary>Thrown (or returned as an outcome) when client-side throttling rejected a call locally, without sending it.</summary>
public sealed class ClientThrottledException : ExecutionRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="ClientThrottledException"/> class.</summary>
    public ClientThrottledException()
        : base("The call was throttled locally: the backend accepted too few recent requests.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClientThrottledException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ClientThrottledException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClientThrottledException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ClientThrottledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ClientThrottledException"/> class for a named throttle.</summary>
    /// <param name="throttleName">The stage's name.</param>
    /// <param name="rejectionProbability">The rejection probability when the call was rejected.</param>
    public ClientThrottledException(string throttleName, double rejectionProbability)
        : base(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"The call to '{throttleName}' was throttled locally: the backend accepted too few recent requests (rejection probability {rejectionProbability:0.###})."))
    {
        ThrottleName = throttleName;
        RejectionProbability = rejectionProbability;
    }

    /// <summary>Gets the name of the stage that rejected the call.</summary>
    public string? ThrottleName { get; }

    /// <summary>Gets the rejection probability when the call was rejected.</summary>
    public double RejectionProbability { get; }
}

namespace Resilience.AdaptiveConcurrency;

/// <summary>Thrown (or returned as an outcome) when an adaptive concurrency limit has every slot taken.</summary>
public sealed class AdaptiveConcurrencyRejectedException : ExecutionRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="AdaptiveConcurrencyRejectedException"/> class.</summary>
    public AdaptiveConcurrencyRejectedException()
        : base("The adaptive concurrency limit is reached.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AdaptiveConcurrencyRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public AdaptiveConcurrencyRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AdaptiveConcurrencyRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public AdaptiveConcurrencyRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AdaptiveConcurrencyRejectedException"/> class for a named limit.</summary>
    /// <param name="limitName">The stage's name.</param>
    /// <param name="limit">The limit when the call was rejected.</param>
    public AdaptiveConcurrencyRejectedException(string limitName, int limit)
        : base($"The adaptive concurrency limit '{limitName}' is reached: {limit} calls are in flight.")
    {
        LimitName = limitName;
        Limit = limit;
    }

    /// <summary>Gets the name of the stage that rejected the call.</summary>
    public string? LimitName { get; }

    /// <summary>Gets the limit when the call was rejected.</summary>
    public int Limit { get; }
}

namespace Resilience.Bulkhead;

/// <summary>Thrown (or returned as an outcome) when a bulkhead has every slot taken and its queue full.</summary>
public sealed class BulkheadRejectedException : ExecutionRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="BulkheadRejectedException"/> class.</summary>
    public BulkheadRejectedException()
        : base("The bulkhead is full: every slot is in use and the queue is full.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BulkheadRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public BulkheadRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BulkheadRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public BulkheadRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BulkheadRejectedException"/> class for a named bulkhead.</summary>
    /// <param name="bulkheadName">The bulkhead's name, if it has one.</param>
    /// <param name="maxConcurrency">The bulkhead's number of slots.</param>
    /// <param name="queueLimit">The bulkhead's queue length.</param>
    public BulkheadRejectedException(string? bulkheadName, int maxConcurrency, int queueLimit)
        : base($"The bulkhead{(bulkheadName is null ? string.Empty : $" '{bulkheadName}'")} is full: {maxConcurrency} calls are in flight and {queueLimit} are queued.")
    {
        BulkheadName = bulkheadName;
        MaxConcurrency = maxConcurrency;
        QueueLimit = queueLimit;
    }

    /// <summary>Gets the name of the bulkhead that rejected the call.</summary>
    public string? BulkheadName { get; }

    /// <summary>Gets the bulkhead's number of slots.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Gets the bulkhead's queue length.</summary>
    public int QueueLimit { get; }
}

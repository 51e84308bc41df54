namespace Resilience;

/// <summary>
/// A component that can reject an operation (an open circuit, a full bulkhead). It creates its rejection
/// exception only when somebody asks for it, so a non-throwing rejection allocates nothing.
/// </summary>
internal interface IRejectionSource
{
    /// <summary>Creates the exception that describes a rejection.</summary>
    /// <param name="retryAfter">How long the caller should wait before trying again.</param>
    /// <returns>A new exception instance.</returns>
    ExecutionRejectedException CreateRejectedException(TimeSpan retryAfter);
}

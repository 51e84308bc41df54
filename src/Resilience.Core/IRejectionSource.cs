namespace Resilience;

/// <summary>
/// A component that can reject an operation (an open circuit, a full bulkhead, an adaptive limit). It creates its rejection
/// exception only when somebody asks for it, so a non-throwing rejection allocates nothing: a stage returns
/// <see cref="Outcome.FromRejection{TResult}"/>, and the exception is built only when a caller reads
/// <see cref="Outcome{TResult}.Exception"/> or the call throws.
/// </summary>
/// <remarks>The seam for rejecting stages outside Resilience.Core (Resilience.Adaptive's limit and throttle).</remarks>
public interface IRejectionSource
{
    /// <summary>Creates the exception that describes a rejection.</summary>
    /// <param name="retryAfter">How long the caller should wait before trying again.</param>
    /// <returns>A new exception instance.</returns>
    ExecutionRejectedException CreateRejectedException(TimeSpan retryAfter);
}

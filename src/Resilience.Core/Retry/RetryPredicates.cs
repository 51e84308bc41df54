using System.Net.Http;
using System.Net.Sockets;
using Resilience.Timeout;

namespace Resilience.Retry;

/// <summary>The default classification of transient failures, for use in custom <see cref="RetryOptions.ShouldHandle"/> predicates.</summary>
public static class RetryPredicates
{
    /// <summary>Returns whether an exception is transient: <see cref="HttpRequestException"/>, <see cref="IOException"/>,
    /// <see cref="SocketException"/>, <see cref="TimeoutException"/> or <see cref="TimeoutRejectedException"/>.</summary>
    /// <param name="exception">The exception, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a retry may succeed.</returns>
    /// <remarks>Cancellation (<see cref="OperationCanceledException"/>) and rejections are not transient.</remarks>
    public static bool IsTransient(Exception? exception) =>
        exception is HttpRequestException or IOException or SocketException or TimeoutException or TimeoutRejectedException;

    /// <summary>Returns whether an outcome failed with a transient exception (see <see cref="IsTransient(Exception?)"/>).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns><see langword="true"/> when a retry may succeed.</returns>
    public static bool IsTransient(OutcomeArguments outcome) => IsTransient(outcome.Exception);
}

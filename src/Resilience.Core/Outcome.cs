using System.Runtime.ExceptionServices;

namespace Resilience;

/// <summary>Creates <see cref="Outcome{TResult}"/> values.</summary>
public static class Outcome
{
    /// <summary>Creates an outcome that holds a result.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="result">The result.</param>
    /// <returns>The outcome.</returns>
    public static Outcome<TResult> FromResult<TResult>(TResult result) => new(result);

    /// <summary>Creates an outcome that holds an exception, capturing its stack trace.</summary>
    /// <typeparam name="TResult">The type of the result the operation would have produced.</typeparam>
    /// <param name="exception">The exception.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static Outcome<TResult> FromException<TResult>(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(ExceptionDispatchInfo.Capture(exception));
    }

    /// <summary>Creates an outcome that carries a rejection without allocating its exception: <paramref name="source"/>
    /// builds it only when somebody reads <see cref="Outcome{TResult}.Exception"/> or the call throws.</summary>
    /// <typeparam name="TResult">The type of the result the operation would have produced.</typeparam>
    /// <param name="source">The component that rejected the call.</param>
    /// <param name="retryAfter">How long the caller should wait before trying again; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> when unknown.</param>
    /// <returns>The outcome; <see cref="Outcome{TResult}.IsRejected"/> is <see langword="true"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public static Outcome<TResult> FromRejection<TResult>(IRejectionSource source, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(source, retryAfter);
    }
}

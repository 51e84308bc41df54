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

    /// <summary>Creates an outcome that carries a rejection without allocating its exception.</summary>
    internal static Outcome<TResult> FromRejection<TResult>(IRejectionSource source, TimeSpan retryAfter) => new(source, retryAfter);
}

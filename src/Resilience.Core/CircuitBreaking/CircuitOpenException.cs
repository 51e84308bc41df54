using System.Globalization;

namespace Resilience.CircuitBreaking;

/// <summary>
/// Thrown when a <see cref="CircuitBreaker"/> rejects a call without running it: the circuit is open, isolated,
/// or half-open with every probe slot taken.
/// </summary>
public sealed class CircuitOpenException : ExecutionRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="CircuitOpenException"/> class.</summary>
    public CircuitOpenException()
        : base("The circuit is open; the call was rejected.")
    {
        BreakerName = string.Empty;
        State = CircuitState.Open;
    }

    /// <summary>Initializes a new instance of the <see cref="CircuitOpenException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public CircuitOpenException(string message)
        : base(message)
    {
        BreakerName = string.Empty;
        State = CircuitState.Open;
    }

    /// <summary>Initializes a new instance of the <see cref="CircuitOpenException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CircuitOpenException(string message, Exception? innerException)
        : base(message, innerException)
    {
        BreakerName = string.Empty;
        State = CircuitState.Open;
    }

    /// <summary>Initializes a new instance of the <see cref="CircuitOpenException"/> class for a rejection by a breaker.</summary>
    /// <param name="breakerName">The name of the breaker that rejected the call.</param>
    /// <param name="state">The breaker's state when it rejected the call.</param>
    /// <param name="retryAfter">The time until a probe will be admitted, or <see langword="null"/> when unknown.</param>
    public CircuitOpenException(string breakerName, CircuitState state, TimeSpan? retryAfter)
        : base(CreateMessage(breakerName, state, retryAfter))
    {
        BreakerName = breakerName;
        State = state;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the name of the breaker that rejected the call.</summary>
    public string BreakerName { get; }

    /// <summary>Gets the breaker's state when it rejected the call.</summary>
    /// <value><see cref="CircuitState.Open"/>, <see cref="CircuitState.HalfOpen"/> (every probe slot taken) or <see cref="CircuitState.Isolated"/>.</value>
    public CircuitState State { get; }

    private static string CreateMessage(string breakerName, CircuitState state, TimeSpan? retryAfter)
    {
        var why = state switch
        {
            CircuitState.HalfOpen => "is half-open and every probe slot is taken",
            CircuitState.Isolated => "is isolated",
            _ => "is open",
        };
        var when = retryAfter is { } after
            ? string.Create(CultureInfo.InvariantCulture, $" Retry after {after.TotalSeconds:0.###} s.")
            : string.Empty;
        return $"The circuit breaker '{breakerName}' {why}; the call was rejected without running.{when}";
    }
}

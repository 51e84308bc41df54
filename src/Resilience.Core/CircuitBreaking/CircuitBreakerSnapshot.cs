namespace Resilience.CircuitBreaking;

/// <summary>A consistent, read-only view of a <see cref="CircuitBreaker"/> at one instant, for monitors and health checks.</summary>
public readonly record struct CircuitBreakerSnapshot
{
    /// <summary>Gets the breaker's name.</summary>
    public string Name { get; internal init; }

    /// <summary>Gets the state.</summary>
    /// <remarks>An open circuit whose break has ended stays <see cref="CircuitState.Open"/> until the next call
    /// moves it to half-open; <see cref="BreakEndsAt"/> is then in the past.</remarks>
    public CircuitState State { get; internal init; }

    /// <summary>Gets the epoch: it grows by one on every transition.</summary>
    public long Epoch { get; internal init; }

    /// <summary>Gets the failures in a row counted while closed; for later states, the count when the circuit opened.</summary>
    public int ConsecutiveFailures { get; internal init; }

    /// <summary>Gets how many times the circuit opened since it last closed (0 while closed).</summary>
    public int ConsecutiveTrips { get; internal init; }

    /// <summary>Gets the failed calls in the sliding window (of the last closed period while open or half-open).</summary>
    public long WindowFailures { get; internal init; }

    /// <summary>Gets the successful calls in the sliding window (of the last closed period while open or half-open).</summary>
    public long WindowSuccesses { get; internal init; }

    /// <summary>Gets the share of successful calls in the window, from 0 to 1; 1 when the window holds no call.</summary>
    public double SuccessRate => WindowFailures + WindowSuccesses == 0 ? 1.0 : (double)WindowSuccesses / (WindowFailures + WindowSuccesses);

    /// <summary>Gets when the breaker entered its current state (its creation time if it never changed).</summary>
    public DateTimeOffset LastStateChangeAt { get; internal init; }

    /// <summary>Gets when the current break ends, while <see cref="CircuitState.Open"/>; otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? BreakEndsAt { get; internal init; }
}

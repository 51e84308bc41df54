using Resilience.CircuitBreaking;

namespace Resilience.Monitoring;

/// <summary>One transition of a circuit breaker, as recorded by the <see cref="CircuitBreakerMonitor"/>.</summary>
public readonly struct CircuitStateChange
{
    /// <summary>Initializes a new instance of the <see cref="CircuitStateChange"/> struct.</summary>
    /// <param name="name">The breaker's name.</param>
    /// <param name="from">The state left.</param>
    /// <param name="to">The state entered.</param>
    /// <param name="reason">Why the transition happened, or <see langword="null"/>.</param>
    /// <param name="timestamp">When the transition happened, from the breaker's clock.</param>
    public CircuitStateChange(string name, CircuitState from, CircuitState to, string? reason, DateTimeOffset timestamp)
    {
        Name = name;
        From = from;
        To = to;
        Reason = reason;
        Timestamp = timestamp;
    }

    /// <summary>Gets the breaker's name.</summary>
    public string Name { get; }

    /// <summary>Gets the state the breaker left.</summary>
    public CircuitState From { get; }

    /// <summary>Gets the state the breaker entered.</summary>
    public CircuitState To { get; }

    /// <summary>Gets why the transition happened (for example the failure count that tripped it), or <see langword="null"/>.</summary>
    public string? Reason { get; }

    /// <summary>Gets when the transition happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {From} -> {To} at {Timestamp:O}";
}

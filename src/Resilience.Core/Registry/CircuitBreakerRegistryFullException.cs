namespace Resilience.Registry;

/// <summary>Thrown when a <see cref="CircuitBreakerRegistry"/> already holds <see cref="CircuitBreakerRegistryOptions.MaxBreakers"/> breakers and is asked for a new name.</summary>
public sealed class CircuitBreakerRegistryFullException : ResilienceException
{
    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistryFullException"/> class.</summary>
    public CircuitBreakerRegistryFullException()
        : base("The circuit breaker registry is full.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistryFullException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public CircuitBreakerRegistryFullException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistryFullException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public CircuitBreakerRegistryFullException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistryFullException"/> class.</summary>
    /// <param name="name">The name that was refused.</param>
    /// <param name="maxBreakers">The registry's limit.</param>
    public CircuitBreakerRegistryFullException(string name, int maxBreakers)
        : base($"The circuit breaker registry already holds its maximum of {maxBreakers} breakers, so no breaker was created for '{name}'. " +
            "Map names taken from untrusted input (host names, tenants) to a bounded set, remove unused breakers, or raise Resilience:Registry:MaxBreakers.")
    {
        Name = name;
        MaxBreakers = maxBreakers;
    }

    /// <summary>Gets the name that was refused.</summary>
    public string? Name { get; }

    /// <summary>Gets the registry's limit.</summary>
    public int MaxBreakers { get; }
}

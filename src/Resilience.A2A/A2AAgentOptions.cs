using Resilience.Internal;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.A2A;

/// <summary>
/// Settings of a named, resilient A2A agent client registered with <c>AddA2AAgent</c>: the client settings plus the
/// retry and the timeouts by operation type. The agent's circuit breaker comes from the registry under the agent's name.
/// </summary>
public class A2AAgentOptions : A2AClientOptions
{
    /// <summary>Gets or sets the retry settings. Its <see cref="RetryOptions.ShouldHandle"/> and
    /// <see cref="RetryOptions.RetryAfterExtractor"/> default to the A2A rules when left <see langword="null"/>.</summary>
    /// <value>The default is 3 attempts with jittered exponential backoff from 1 second.</value>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets the timeouts per attempt, by operation type: the card fetch and health probe use
    /// <c>health_check</c> (10 s), send, get and cancel <c>standard_request</c> (30 s), opening a stream <c>long_operation</c> (120 s).</summary>
    public TimeoutOptions Timeout { get; set; } = new();

    internal override void AddValidationErrors(ref OptionsGuard guard)
    {
        guard.NotNull(Retry, nameof(Retry));
        guard.NotNull(Timeout, nameof(Timeout));
        guard.Nested(nameof(Retry), Retry);
        guard.Nested(nameof(Timeout), Timeout);
    }
}

using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.Timeout;

/// <summary>Options of a <see cref="TimeoutManager"/> and of the timeout stage built on it (<see cref="TimeoutStrategy"/>).</summary>
/// <remarks>The manager copies the options when it is created.</remarks>
public sealed class TimeoutOptions : IValidatableOptions
{
    /// <summary>Gets the timeout of each named operation type (see <see cref="OperationTypes"/>).</summary>
    /// <value>The default contains <c>health_check</c> 10 s, <c>standard_request</c> 30 s,
    /// <c>long_operation</c> 120 s and <c>batch_operation</c> 300 s. Every value must be between 1 ms and 1 day, or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no timeout; <c>standard_request</c>, the fallback of unknown names, must stay.</value>
    public IDictionary<string, TimeSpan> Timeouts { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [OperationTypes.HealthCheck] = TimeoutConstants.HealthCheck,
        [OperationTypes.StandardRequest] = TimeoutConstants.StandardRequest,
        [OperationTypes.LongOperation] = TimeoutConstants.LongOperation,
        [OperationTypes.BatchOperation] = TimeoutConstants.BatchOperation,
    };

    /// <summary>Gets or sets the name of the timeouts in telemetry (the <c>timeout.name</c> tag) when the manager is called directly.</summary>
    /// <value>The default value is <see langword="null"/>, meaning <c>default</c>. A timeout stage uses its pipeline's name
    /// (<see cref="ResiliencePipelineBuilder.Name"/>) when it has one.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the operation type a timeout stage uses when the call's <see cref="ResilienceContext.OperationType"/> is not set.</summary>
    /// <value>The default value is <see langword="null"/>, meaning <see cref="OperationTypes.StandardRequest"/>.</value>
    public string? OperationType { get; set; }

    /// <summary>Gets or sets a fixed timeout for a timeout stage, overriding the operation types.</summary>
    /// <value>The default value is <see langword="null"/> (use the operation type). Must be between 1 ms and 1 day, or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no timeout.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets a value indicating whether to stop waiting at the deadline for an operation that ignores its
    /// cancellation token. The operation keeps running in the background; the caller gets a <see cref="TimeoutRejectedException"/>
    /// at once and a log line says so.</summary>
    /// <value>The default value is <see langword="false"/>: wait for the operation to observe its token.</value>
    public bool StopWaitingAtDeadline { get; set; }

    /// <summary>Gets or sets the listener that receives the time-out events (an operation timed out, one was abandoned); the
    /// dependency-injection integration sets one that logs them (category <c>Resilience.Timeout</c>).</summary>
    /// <value>The default value is <see langword="null"/> (no events).</value>
    public ResilienceTelemetryListener? TelemetryListener { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        foreach (var (operationType, value) in Timeouts)
        {
            if (value != System.Threading.Timeout.InfiniteTimeSpan)
            {
                guard.Range(value, TimeoutConstants.MinTick, TimeoutConstants.LongestTimeout, $"{nameof(Timeouts)}:{operationType}");
            }
        }

        guard.Check(
            Timeouts.ContainsKey(OperationTypes.StandardRequest),
            nameof(Timeouts),
            $"must contain \"{OperationTypes.StandardRequest}\", the fallback of unknown operation types",
            string.Join(", ", Timeouts.Keys));
        if (Timeout is { } timeout && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            guard.Range(timeout, TimeoutConstants.MinTick, TimeoutConstants.LongestTimeout, nameof(Timeout));
        }

        return guard.Errors;
    }
}

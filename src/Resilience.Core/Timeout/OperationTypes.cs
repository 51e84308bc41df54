namespace Resilience.Timeout;

/// <summary>The names of the operation types the timeout manager knows by default; each member says its default timeout.</summary>
public static class OperationTypes
{
    /// <summary>A health check: 10 seconds by default.</summary>
    public const string HealthCheck = "health_check";

    /// <summary>A standard request: 30 seconds by default. Unknown names fall back to this type.</summary>
    public const string StandardRequest = "standard_request";

    /// <summary>A long operation: 120 seconds by default.</summary>
    public const string LongOperation = "long_operation";

    /// <summary>A batch operation: 300 seconds by default.</summary>
    public const string BatchOperation = "batch_operation";
}

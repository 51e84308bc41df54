using Resilience.CircuitBreaker;

namespace Resilience.Telemetry.Internal;

/// <summary>The constant tag values of the library's instruments; constant strings so tagging allocates nothing.</summary>
internal static class TelemetryTagValues
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";

    public const string Closed = "closed";
    public const string HalfOpen = "half_open";
    public const string Open = "open";
    public const string Isolated = "isolated";

    /// <summary>The gauge value of a state: 0 closed, 1 half-open, 2 open, 3 isolated (documented, stable).</summary>
    public static int ToGaugeValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        _ => 3,
    };

    public static string ToTagValue(CircuitState state) => state switch
    {
        CircuitState.Closed => Closed,
        CircuitState.HalfOpen => HalfOpen,
        CircuitState.Open => Open,
        _ => Isolated,
    };

    public static string ToTagValue(CallOutcomeKind outcome) => outcome switch
    {
        CallOutcomeKind.Success => Success,
        CallOutcomeKind.Failure => Failure,
        CallOutcomeKind.Ignored => Ignored,
        _ => Rejected,
    };
}

namespace Resilience.Telemetry.Internal;

/// <summary>The constant tag values of the library's instruments; constant strings so tagging allocates nothing.</summary>
internal static class TelemetryTagValues
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";

    public static string ToTagValue(CallOutcomeKind outcome) => outcome switch
    {
        CallOutcomeKind.Success => Success,
        CallOutcomeKind.Failure => Failure,
        CallOutcomeKind.Ignored => Ignored,
        _ => Rejected,
    };
}

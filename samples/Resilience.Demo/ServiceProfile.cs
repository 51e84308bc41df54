namespace Resilience.Demo;

/// <summary>
/// One downstream service and its breaker settings, tuned per service (payment-api trips after 3
/// failures, user-service after 5, email-service after 10; breaks of 30, 60 and 120 s; 2, 3 and 5 half-open probes),
/// with the breaks scaled down tenfold so a one-minute demo shows whole open -> half-open -> closed cycles.
/// </summary>
public sealed record ServiceProfile(string Name, string Path, int FailureThreshold, TimeSpan BreakDuration, int HalfOpenMaxCalls, TimeSpan RequestInterval)
{
    public static IReadOnlyList<ServiceProfile> All { get; } =
    [
        new("payment-api", "/payments", FailureThreshold: 3, BreakDuration: TimeSpan.FromSeconds(3), HalfOpenMaxCalls: 2, RequestInterval: TimeSpan.FromMilliseconds(120)),
        new("user-service", "/users", FailureThreshold: 5, BreakDuration: TimeSpan.FromSeconds(6), HalfOpenMaxCalls: 3, RequestInterval: TimeSpan.FromMilliseconds(90)),
        new("email-service", "/emails", FailureThreshold: 10, BreakDuration: TimeSpan.FromSeconds(12), HalfOpenMaxCalls: 5, RequestInterval: TimeSpan.FromMilliseconds(150)),
    ];
}

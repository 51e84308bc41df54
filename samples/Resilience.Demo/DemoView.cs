using System.Globalization;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;

namespace Resilience.Demo;

/// <summary>Everything the terminal shows, shared by the live dashboard and the plain-text reporter.</summary>
public sealed class DemoView(DemoOptions options, PhaseClock clock, CircuitBreakerMonitor monitor, TrafficGenerator traffic, TransitionLog log, Uri dashboardUrl)
{
    public DemoOptions Options => options;

    public PhaseClock Clock => clock;

    public CircuitBreakerMonitor Monitor => monitor;

    public TrafficGenerator Traffic => traffic;

    public TransitionLog Log => log;

    public Uri DashboardUrl => dashboardUrl;

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Label(CircuitState state) => state switch
    {
        CircuitState.HalfOpen => "Half-open",
        _ => state.ToString(),
    };

    private static string Times(int count) => count == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{count} times");

    /// <summary>The closing summary: per breaker how often it opened and closed, and the call counts.</summary>
    public IEnumerable<string> Summary()
    {
        yield return $"Summary after {Seconds(clock.Elapsed)}:";
        foreach (var profile in ServiceProfile.All)
        {
            var stats = traffic.Stats[profile.Name];
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"  {profile.Name,-14} opened {Times(log.CountOpened(profile.Name))}, closed {Times(log.CountClosed(profile.Name))}; calls: {stats.Succeeded} ok, {stats.Failed} failed, {stats.Rejected} rejected by the open circuit");
        }

        yield return $"The web dashboard was at {dashboardUrl}";
    }
}

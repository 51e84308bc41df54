using Resilience.AspNetCore.Dashboard;
using Resilience.AspNetCore.Dashboard.Internal;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;

namespace Resilience.AspNetCore.Tests.Dashboard.Internal;

public sealed class DashboardFragmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A history that has taken no sample (its clock never moves).</summary>
    private static readonly DashboardHistory NoHistory = new(new CircuitBreakerMonitor(new CircuitMonitorOptions(), new FakeTimeProvider(), []), new FakeTimeProvider(), TimeSpan.FromSeconds(5));

    [Fact]
    public void Render_NoBreakers_ExplainsWhereBreakersComeFrom()
    {
        var html = DashboardFragment.Render(Snapshot([]), new ResilienceDashboardOptions(), NoHistory);

        html.Should().Contain("No circuit breaker is monitored yet").And.Contain("No active alerts.").And.Contain("No transitions yet.")
            .And.Contain("Updated <time datetime=\"2026-11-27T12:00:00.0000000Z\">2026-11-27 12:00:00 UTC</time>")
            .And.NotContain("<table");
    }

    [Fact]
    public void Render_Transitions_NewestFirstAcrossBreakersAndLimited()
    {
        var a = Status("a", CircuitState.Closed, Change("a", CircuitState.Closed, CircuitState.Open, 50), Change("a", CircuitState.Open, CircuitState.HalfOpen, 20), Change("a", CircuitState.HalfOpen, CircuitState.Closed, 10));
        var b = Status("b", CircuitState.Open, Change("b", CircuitState.Closed, CircuitState.Open, 30, "5 consecutive failures"));

        var html = DashboardFragment.Render(Snapshot([a, b]), new ResilienceDashboardOptions { RecentTransitionsLimit = 3 }, NoHistory);

        var rows = html[html.IndexOf("class=\"transitions\"", StringComparison.Ordinal)..].Split("<tr><td>").Skip(1).ToList();
        rows.Should().HaveCount(3);
        rows[0].Should().Contain("10.0 s ago").And.Contain("<td class=\"name\">a</td>").And.Contain("Half-open</span> &rarr; <span class=\"badge state-closed\">Closed");
        rows[1].Should().Contain("20.0 s ago");
        rows[2].Should().Contain("30.0 s ago").And.Contain("<td class=\"name\">b</td>").And.Contain("<td class=\"reason\">5 consecutive failures</td>");
        html.Should().NotContain("50.0 s ago", "the oldest transition is beyond the limit");
    }

    [Fact]
    public void Render_TwoTransitionsAtTheSameInstant_ShowsTheLaterOneFirst()
    {
        var a = Status("a", CircuitState.Closed, Change("a", CircuitState.Open, CircuitState.HalfOpen, 5), Change("a", CircuitState.HalfOpen, CircuitState.Closed, 5));

        var html = DashboardFragment.Render(Snapshot([a]), new ResilienceDashboardOptions(), NoHistory);

        html.IndexOf("Half-open</span> &rarr; <span class=\"badge state-closed\">", StringComparison.Ordinal)
            .Should().BeLessThan(html.IndexOf("Open</span> &rarr; <span class=\"badge state-half-open\">", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Alerts_ShowSeverityAndEncodeMessages()
    {
        var snapshot = Snapshot([Status("svc", CircuitState.Closed)], alerts:
        [
            Alert(AlertSeverity.Warning, "High failure rate (60.0%) on svc & co <b>"),
            Alert(AlertSeverity.High, "open too long"),
        ]);

        var html = DashboardFragment.Render(snapshot, new ResilienceDashboardOptions(), NoHistory);

        html.Should().Contain("<li class=\"alert severity-warning\" data-breaker=\"svc\"><span class=\"badge severity-warning\">warning</span>")
            .And.Contain("<span class=\"message\">High failure rate (60.0%) on svc &amp; co &lt;b&gt;</span>")
            .And.Contain("<li class=\"alert severity-high\"")
            .And.NotContain("No active alerts.");
    }

    [Fact]
    public void Render_Breaker_ShowsHealthMeterRateCountsAndAge()
    {
        var status = new CircuitBreakerStatus
        {
            Name = "user-service",
            State = CircuitState.HalfOpen,
            FailureCount = 4,
            ConsecutiveFailures = 2,
            SuccessRate = 66.666,
            LastStateChange = Now - TimeSpan.FromMinutes(3),
            HealthScore = 65,
            RecentChanges = [],
        };

        var html = DashboardFragment.Render(Snapshot([status]), new ResilienceDashboardOptions(), NoHistory);

        html.Should().Contain("<tr class=\"state-half-open\" data-breaker=\"user-service\" data-state=\"half-open\">")
            .And.Contain("<span class=\"badge state-half-open\">Half-open</span>")
            .And.Contain("<meter min=\"0\" max=\"100\" low=\"50\" high=\"80\" optimum=\"100\" value=\"65\"></meter> <span class=\"score\">65</span>")
            .And.Contain("<td class=\"rate\">66.7 %</td><td>4</td><td>2</td>")
            .And.Contain(">3 min ago</time>");
    }

    [Fact]
    public void Render_OpenBreaker_ShowsHowLongItHasBeenOpenAndWhenItAdmitsProbes()
    {
        var open = new CircuitBreakerStatus
        {
            Name = "payments",
            State = CircuitState.Open,
            FailureCount = 5,
            ConsecutiveFailures = 5,
            SuccessRate = 0,
            LastStateChange = Now - TimeSpan.FromSeconds(8.4),
            BreakEndsAt = Now + TimeSpan.FromSeconds(21.6),
            HealthScore = 25,
            RecentChanges = [],
        };
        var over = new CircuitBreakerStatus
        {
            Name = "search",
            State = CircuitState.Open,
            FailureCount = 5,
            ConsecutiveFailures = 5,
            SuccessRate = 0,
            LastStateChange = Now - TimeSpan.FromMinutes(2),
            BreakEndsAt = Now - TimeSpan.FromSeconds(1),
            HealthScore = 25,
            RecentChanges = [],
        };

        var html = DashboardFragment.Render(Snapshot([open, over]), new ResilienceDashboardOptions(), NoHistory);

        html.Should().Contain(">8.4 s ago</time> <span class=\"probes\">probes in <time datetime=\"2026-11-27T12:00:21.6000000Z\">21.6 s</time></span>")
            .And.Contain(">2 min ago</time> <span class=\"probes\">probes on the next call</span>");
    }

    [Fact]
    public void Render_DroppedEvents_WarnsThatTheListMayHaveGaps()
    {
        var html = DashboardFragment.Render(Snapshot([], dropped: 7), new ResilienceDashboardOptions(), NoHistory);

        html.Should().Contain("<p class=\"dropped\">7 state-change events were dropped");
    }

    private static DashboardSnapshot Snapshot(IReadOnlyList<CircuitBreakerStatus> rows, IReadOnlyList<CircuitAlert>? alerts = null, long dropped = 0) => new()
    {
        Timestamp = Now,
        Summary = new DashboardSummary(rows.Count, rows.Count(r => r.State == CircuitState.Closed), rows.Count(r => r.State == CircuitState.Open), 0, 0),
        Breakers = rows,
        DroppedEvents = dropped,
        Alerts = alerts ?? [],
    };

    private static CircuitBreakerStatus Status(string name, CircuitState state, params CircuitStateChange[] changes) => new()
    {
        Name = name,
        State = state,
        FailureCount = 0,
        ConsecutiveFailures = 0,
        SuccessRate = 100,
        LastStateChange = changes.Length == 0 ? null : changes[^1].Timestamp,
        HealthScore = 100,
        RecentChanges = changes,
    };

    private static CircuitStateChange Change(string name, CircuitState from, CircuitState to, int secondsAgo, string? reason = null) =>
        new(name, from, to, reason, Now - TimeSpan.FromSeconds(secondsAgo));

    private static CircuitAlert Alert(AlertSeverity severity, string message) => new()
    {
        Kind = CircuitAlertKind.HighFailureRate,
        Severity = severity,
        CircuitBreakerName = "svc",
        Message = message,
        Action = "Look.",
        Timestamp = Now,
    };
}

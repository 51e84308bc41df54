using System.Text;
using Resilience.Monitoring;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>Renders the refreshable part of the page: summary tiles, breakers, active alerts and recent transitions.</summary>
internal static class DashboardFragment
{
    /// <summary>Renders the fragment on its own (the page's script swaps it in).</summary>
    public static string Render(DashboardSnapshot snapshot, ResilienceDashboardOptions options, DashboardHistory history)
    {
        var html = new StringBuilder(4096);
        Render(html, snapshot, options, history);
        return html.ToString();
    }

    /// <summary>Appends the fragment.</summary>
    public static void Render(StringBuilder html, DashboardSnapshot snapshot, ResilienceDashboardOptions options, DashboardHistory history)
    {
        html.Append("<p class=\"updated\">Updated <time datetime=\"")
            .Append(snapshot.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append("\">")
            .Append(DashboardHtml.FormatUtc(snapshot.Timestamp)).Append("</time></p>\n");
        Summary(html, snapshot.Summary);
        Breakers(html, snapshot, history);
        Alerts(html, snapshot);
        Transitions(html, snapshot, options.RecentTransitionsLimit);
        if (snapshot.DroppedEvents > 0)
        {
            html.Append("<p class=\"dropped\">").Number(snapshot.DroppedEvents, "0")
                .Append(" state-change events were dropped because the monitor's queue was full; the transition list may have gaps.</p>\n");
        }
    }

    private static void Summary(StringBuilder html, DashboardSummary summary)
    {
        html.Append("<section class=\"summary\" aria-label=\"Summary\">\n");
        Tile(html, "total", summary.Total, "breakers");
        Tile(html, "state-closed", summary.Closed, "closed");
        Tile(html, "state-open", summary.Open, "open");
        Tile(html, "state-half-open", summary.HalfOpen, "half-open");
        Tile(html, "state-isolated", summary.Isolated, "isolated");
        html.Append("</section>\n");
    }

    private static void Tile(StringBuilder html, string css, int count, string label) =>
        html.Append("<div class=\"tile ").Append(css).Append("\"><span class=\"count\">").Number(count, "0")
            .Append("</span> <span class=\"label\">").Append(label).Append("</span></div>\n");

    private static void Breakers(StringBuilder html, DashboardSnapshot snapshot, DashboardHistory history)
    {
        html.Append("<section aria-labelledby=\"breakers-heading\">\n<h2 id=\"breakers-heading\">Circuit breakers</h2>\n");
        if (snapshot.Breakers.Count == 0)
        {
            html.Append("<p class=\"empty\">No circuit breaker is monitored yet: breakers appear here once the registry creates them.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"breakers\">\n<thead><tr><th>Name</th><th>State</th><th>Last ").Append(HumanDuration.Format(history.Span))
            .Append("</th><th>Health</th><th>Success rate</th>")
            .Append("<th>Failures in window</th><th>Consecutive failures</th><th>Last change</th></tr></thead>\n<tbody>\n");
        foreach (var breaker in snapshot.Breakers)
        {
            var css = DashboardHtml.CssName(breaker.State);
            html.Append("<tr class=\"state-").Append(css).Append("\" data-breaker=\"").Encoded(breaker.Name)
                .Append("\" data-state=\"").Append(css).Append("\">")
                .Append("<td class=\"name\">").Encoded(breaker.Name).Append("</td><td>").StateBadge(breaker.State).Append("</td>")
                .Append("<td class=\"history\">").Sparkline(breaker.Name, history.Get(breaker.Name), history.Span).Append("</td>")
                .Append("<td class=\"health\"><meter min=\"0\" max=\"100\" low=\"50\" high=\"80\" optimum=\"100\" value=\"")
                .Number(breaker.HealthScore, "0").Append("\"></meter> <span class=\"score\">").Number(breaker.HealthScore, "0").Append("</span></td>")
                .Append("<td class=\"rate\">").Number(breaker.SuccessRate, "0.0").Append(" %</td>")
                .Append("<td>").Number(breaker.FailureCount, "0").Append("</td><td>").Number(breaker.ConsecutiveFailures, "0").Append("</td><td>");
            if (breaker.LastStateChange is { } changed)
            {
                html.Time(changed, snapshot.Timestamp);
            }
            else
            {
                html.Append("never");
            }

            if (breaker.BreakEndsAt is { } breakEnds)
            {
                // When the open circuit lets probe calls through: people read "in 21.6 s", machines the datetime.
                html.Append(" <span class=\"probes\">probes ");
                if (breakEnds > snapshot.Timestamp)
                {
                    html.Append("in <time datetime=\"").Append(breakEnds.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
                        .Append("\">").Append(HumanDuration.Format(breakEnds - snapshot.Timestamp)).Append("</time>");
                }
                else
                {
                    html.Append("on the next call");
                }

                html.Append("</span>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Alerts(StringBuilder html, DashboardSnapshot snapshot)
    {
        html.Append("<section aria-labelledby=\"alerts-heading\">\n<h2 id=\"alerts-heading\">Active alerts</h2>\n");
        if (snapshot.Alerts.Count == 0)
        {
            html.Append("<p class=\"empty\">No active alerts.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"alerts\">\n");
        foreach (var alert in snapshot.Alerts)
        {
            var severity = alert.Severity switch
            {
                AlertSeverity.High => "high",
                AlertSeverity.Medium => "medium",
                _ => "warning",
            };
            html.Append("<li class=\"alert severity-").Append(severity).Append("\" data-breaker=\"").Encoded(alert.CircuitBreakerName)
                .Append("\"><span class=\"badge severity-").Append(severity).Append("\">").Append(severity).Append("</span> ")
                .Append("<span class=\"message\">").Encoded(alert.Message).Append("</span> ")
                .Append("<span class=\"action\">").Encoded(alert.Action).Append("</span></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Transitions(StringBuilder html, DashboardSnapshot snapshot, int limit)
    {
        html.Append("<section aria-labelledby=\"transitions-heading\">\n<h2 id=\"transitions-heading\">Recent transitions</h2>\n");
        // Newest first; transitions of one breaker at the same instant keep their causal order (reversed, as the list is).
        var recent = snapshot.Breakers
            .SelectMany(static b => b.RecentChanges.Select(static (change, index) => (Change: change, Index: index)))
            .OrderByDescending(static c => c.Change.Timestamp)
            .ThenBy(static c => c.Change.Name, StringComparer.Ordinal)
            .ThenByDescending(static c => c.Index)
            .Take(limit)
            .Select(static c => c.Change)
            .ToList();
        if (recent.Count == 0)
        {
            html.Append("<p class=\"empty\">No transitions yet.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"transitions\">\n<thead><tr><th>When</th><th>Breaker</th><th>Transition</th><th>Reason</th></tr></thead>\n<tbody>\n");
        foreach (var change in recent)
        {
            html.Append("<tr><td>").Time(change.Timestamp, snapshot.Timestamp).Append("</td><td class=\"name\">").Encoded(change.Name)
                .Append("</td><td>").StateBadge(change.From).Append(" &rarr; ").StateBadge(change.To)
                .Append("</td><td class=\"reason\">").Encoded(change.Reason).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }
}

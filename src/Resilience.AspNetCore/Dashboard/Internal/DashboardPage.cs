using System.Globalization;
using System.Text;
using Resilience.Monitoring;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>Renders the dashboard page: a shell around the fragment, with the script that refreshes the fragment.</summary>
internal static class DashboardPage
{
    /// <summary>Renders the whole page.</summary>
    /// <param name="snapshot">The monitor's snapshot.</param>
    /// <param name="options">The validated options.</param>
    /// <param name="history">The breakers' recent past, for the sparklines.</param>
    /// <param name="basePath">The dashboard's path as the browser sees it (path base included, no trailing slash).</param>
    public static string Render(DashboardSnapshot snapshot, ResilienceDashboardOptions options, DashboardHistory history, string basePath)
    {
        var refreshSeconds = ((int)options.RefreshInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var html = new StringBuilder(8192);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Encoded(options.Title).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Encoded(basePath).Append('/').Append(DashboardConstants.StyleRoute).Append("\">\n")
            .Append("<script src=\"").Encoded(basePath).Append('/').Append(DashboardConstants.ScriptRoute).Append("\" defer></script>\n")
            .Append("<noscript><meta http-equiv=\"refresh\" content=\"").Append(refreshSeconds).Append("\"></noscript>\n")
            .Append("</head>\n<body data-refresh-ms=\"")
            .Append(((long)options.RefreshInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
            .Append("\" data-fragment-url=\"").Encoded(basePath).Append('/').Append(DashboardConstants.FragmentRoute).Append("\">\n")
            .Append("<header>\n<h1>").Encoded(options.Title).Append("</h1>\n")
            .Append("<p class=\"refresh\">Refreshes every ").Append(refreshSeconds).Append(" s. <span id=\"connection\" class=\"connection\" role=\"status\"></span> ")
            .Append("<a href=\"").Encoded(basePath).Append('/').Append(DashboardConstants.SnapshotRoute).Append("\">JSON snapshot</a></p>\n")
            .Append("</header>\n<main id=\"dashboard\" data-refresh-count=\"0\">\n");
        DashboardFragment.Render(html, snapshot, options, history);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}

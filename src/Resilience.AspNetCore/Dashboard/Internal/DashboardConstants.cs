namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>Defaults, routes and headers of the dashboard.</summary>
internal static class DashboardConstants
{
    public const string DefaultPattern = "/resilience";
    public const int DefaultRecentTransitionsLimit = 20;
    public const int MaxRecentTransitionsLimit = 1000;
    public const int MaxTitleLength = 200;
    public const string DefaultTitle = "Resilience dashboard";

    public const string SnapshotRoute = "snapshot";
    public const string FragmentRoute = "fragment";
    public const string ScriptRoute = "dashboard.js";
    public const string StyleRoute = "dashboard.css";

    public const string ResourcePrefix = "Resilience.AspNetCore.Dashboard.";

    /// <summary>No inline code at all: the script and the style sheet come from the dashboard's own routes.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRefreshInterval = TimeSpan.FromHours(1);
}

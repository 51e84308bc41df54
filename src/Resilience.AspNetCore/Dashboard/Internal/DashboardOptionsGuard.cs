using Resilience.Internal;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>Checks <see cref="ResilienceDashboardOptions"/> when the dashboard is mapped and takes a defensive copy.</summary>
internal static class DashboardOptionsGuard
{
    /// <summary>Returns a copy of valid options, or throws one <see cref="ArgumentException"/> that names every bad option and its value.</summary>
    public static ResilienceDashboardOptions ValidateAndCopy(ResilienceDashboardOptions options, string paramName)
    {
        OptionsGuard.ThrowIfInvalid(options, paramName);
        return new ResilienceDashboardOptions
        {
            AuthorizationPolicy = options.AuthorizationPolicy,
            AllowAnonymous = options.AllowAnonymous,
            RefreshInterval = options.RefreshInterval,
            RecentTransitionsLimit = options.RecentTransitionsLimit,
            Title = options.Title,
        };
    }
}

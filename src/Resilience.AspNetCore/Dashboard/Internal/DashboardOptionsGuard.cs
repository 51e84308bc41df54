using System.Globalization;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>Checks <see cref="ResilienceDashboardOptions"/> when the dashboard is mapped and takes a defensive copy.</summary>
internal static class DashboardOptionsGuard
{
    private static readonly ResilienceDashboardOptionsValidator Generated = new();

    /// <summary>Returns a copy of valid options, or throws one <see cref="ArgumentException"/> that names every bad option and its value.</summary>
    public static ResilienceDashboardOptions ValidateAndCopy(ResilienceDashboardOptions options, string paramName)
    {
        var errors = new List<string>();
        var result = Generated.Validate(null, options);
        if (result.Failed && result.Failures is not null)
        {
            foreach (var failure in result.Failures)
            {
                errors.Add($"{failure} Got '{ValueOf(failure, options)}'.");
            }
        }

        if (options.AuthorizationPolicy is { } policy && string.IsNullOrWhiteSpace(policy))
        {
            errors.Add($"AuthorizationPolicy must be null (the default policy) or a policy name. Got '{policy}'.");
        }

        if (options.AllowAnonymous && options.AuthorizationPolicy is not null)
        {
            errors.Add($"AllowAnonymous = true cannot be combined with AuthorizationPolicy = '{options.AuthorizationPolicy}'; choose one.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ResilienceDashboardOptions: " + string.Join(" ", errors), paramName);
        }

        return new ResilienceDashboardOptions
        {
            AuthorizationPolicy = options.AuthorizationPolicy,
            AllowAnonymous = options.AllowAnonymous,
            RefreshInterval = options.RefreshInterval,
            RecentTransitionsLimit = options.RecentTransitionsLimit,
            Title = options.Title,
        };
    }

    private static string? ValueOf(string failure, ResilienceDashboardOptions options) =>
        failure.StartsWith(nameof(options.RefreshInterval), StringComparison.Ordinal) ? options.RefreshInterval.ToString("c", CultureInfo.InvariantCulture)
        : failure.StartsWith(nameof(options.RecentTransitionsLimit), StringComparison.Ordinal) ? options.RecentTransitionsLimit.ToString(CultureInfo.InvariantCulture)
        : options.Title;
}

using Resilience.AspNetCore.Dashboard.Internal;
using Resilience.Internal;

namespace Resilience.AspNetCore.Dashboard;

/// <summary>Options of the dashboard mapped by <c>MapResilienceDashboard</c>.</summary>
/// <remarks>
/// <para>The dashboard requires an authenticated user by default (the application's default authorization policy).
/// Name a stricter policy in <see cref="AuthorizationPolicy"/>, or set <see cref="AllowAnonymous"/> to serve it to
/// anyone (for a local demo, or behind a network boundary you trust).</para>
/// </remarks>
public class ResilienceDashboardOptions : IValidatableOptions
{
    /// <summary>Gets or sets the name of the authorization policy every dashboard endpoint requires.</summary>
    /// <value>The default value is <see langword="null"/>: the application's default policy (an authenticated user).</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Gets or sets a value indicating whether the dashboard is served without any authorization.</summary>
    /// <value>The default value is <see langword="false"/>. It cannot be combined with <see cref="AuthorizationPolicy"/>.</value>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets how often the page fetches fresh data.</summary>
    /// <value>The default value is 5 seconds; it must be between 1 second and 1 hour.</value>
    public TimeSpan RefreshInterval { get; set; } = DashboardConstants.DefaultRefreshInterval;

    /// <summary>Gets or sets how many recent transitions, across all breakers and newest first, the page lists.</summary>
    /// <value>The default value is 20; it must be between 1 and 1000.</value>
    public int RecentTransitionsLimit { get; set; } = DashboardConstants.DefaultRecentTransitionsLimit;

    /// <summary>Gets or sets the page's title and heading (shown HTML-encoded).</summary>
    /// <value>The default value is <c>Resilience dashboard</c>; it must have 1 to 200 characters.</value>
    public string Title { get; set; } = DashboardConstants.DefaultTitle;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Check(AuthorizationPolicy is null || !string.IsNullOrWhiteSpace(AuthorizationPolicy), nameof(AuthorizationPolicy), "must be null (the default policy) or a policy name", AuthorizationPolicy);
        guard.Check(
            !(AllowAnonymous && AuthorizationPolicy is not null),
            nameof(AllowAnonymous),
            $"cannot be true together with AuthorizationPolicy = '{AuthorizationPolicy}' (choose one)",
            AllowAnonymous);
        guard.Range(RefreshInterval, DashboardConstants.MinRefreshInterval, DashboardConstants.MaxRefreshInterval, nameof(RefreshInterval));
        guard.Range(RecentTransitionsLimit, 1, DashboardConstants.MaxRecentTransitionsLimit, nameof(RecentTransitionsLimit));
        guard.Check(Title is { Length: >= 1 and <= DashboardConstants.MaxTitleLength }, nameof(Title), $"must have 1 to {DashboardConstants.MaxTitleLength} characters", Title);
        return guard.Errors;
    }
}

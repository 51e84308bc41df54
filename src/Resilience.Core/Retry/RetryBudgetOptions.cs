using Resilience.Internal;


namespace Resilience.Retry;

/// <summary>Options of a <see cref="RetryBudget"/>.</summary>
/// <remarks>Within any <see cref="Window"/>, the budget allows
/// <c>RetryRatio × calls + MinRetriesPerSecond × Window.TotalSeconds</c> retries, where <c>calls</c> counts first attempts.</remarks>
public sealed class RetryBudgetOptions : IValidatableOptions
{
    /// <summary>Gets or sets the share of recent calls that may be retried.</summary>
    /// <value>The default value is 0.2 (20%). Must be between 0 and 1000.</value>
    public double RetryRatio { get; set; } = RetryConstants.DefaultBudgetRatio;

    /// <summary>Gets or sets the retries per second that are allowed whatever the traffic, so that a quiet service can still retry.</summary>
    /// <value>The default value is 10. Must be between 0 and 1,000,000.</value>
    public int MinRetriesPerSecond { get; set; } = RetryConstants.DefaultBudgetMinRetriesPerSecond;

    /// <summary>Gets or sets how long a call and a retry count against the budget before they expire.</summary>
    /// <value>The default value is 10 seconds. Must be between 1 second and 1 hour.</value>
    public TimeSpan Window { get; set; } = RetryConstants.DefaultBudgetWindow;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(RetryRatio, 0, RetryConstants.MaxBudgetRatio, nameof(RetryRatio));
        guard.Range(MinRetriesPerSecond, 0, RetryConstants.MaxBudgetMinRetriesPerSecond, nameof(MinRetriesPerSecond));
        guard.Range(Window, RetryConstants.MinBudgetWindow, RetryConstants.MaxBudgetWindow, nameof(Window));
        return guard.Errors;
    }
}

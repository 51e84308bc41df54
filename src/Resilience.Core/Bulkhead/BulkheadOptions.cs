using Resilience.Internal;

namespace Resilience.Bulkhead;

/// <summary>Options of a <see cref="BulkheadStrategy"/>: how many calls may run at once and how many may wait.</summary>
public class BulkheadOptions : IValidatableOptions
{
    /// <summary>Gets or sets the name of the protected service, used in rejection messages and telemetry.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the number of calls allowed in flight at the same time.</summary>
    /// <value>The default value is 25. It must be at least 1.</value>
    public int MaxConcurrency { get; set; } = BulkheadConstants.DefaultMaxConcurrency;

    /// <summary>Gets or sets the number of calls allowed to wait, first come first served, for a free slot.</summary>
    /// <value>The default value is 0: when every slot is taken, a call is rejected at once. It must not be negative.</value>
    public int QueueLimit { get; set; } = BulkheadConstants.DefaultQueueLimit;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.AtLeast(MaxConcurrency, 1, nameof(MaxConcurrency));
        guard.AtLeast(QueueLimit, 0, nameof(QueueLimit));
        return guard.Errors;
    }
}

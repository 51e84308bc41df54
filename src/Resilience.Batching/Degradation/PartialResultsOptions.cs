using Resilience.Internal;

namespace Resilience.Degradation;

/// <summary>Options of <see cref="PartialResults"/>: how many operations must succeed and how long to wait for them.</summary>
public class PartialResultsOptions : IValidatableOptions
{
    /// <summary>Gets or sets the share of operations, from 0 to 1, that must succeed for the partial result to be accepted.</summary>
    /// <value>The default value is 0.5. Must be between 0 and 1.</value>
    public double MinSuccessRatio { get; set; } = PartialResultsConstants.DefaultMinSuccessRatio;

    /// <summary>Gets or sets how long to wait for the operations; stragglers are then cancelled and count as failures.</summary>
    /// <value>The default is <see langword="null"/>: wait for every operation. When set, must be between 1 millisecond and 1 day.</value>
    public TimeSpan? Deadline { get; set; }

    /// <summary>Gets or sets the clock that measures <see cref="Deadline"/>.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(MinSuccessRatio, 0d, 1d, nameof(MinSuccessRatio));
        guard.Range(Deadline, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(Deadline));
        return guard.Errors;
    }
}

using System.ComponentModel.DataAnnotations;

namespace Resilience.Degradation;

/// <summary>Options of <see cref="PartialResults"/>: how many operations must succeed and how long to wait for them.</summary>
public class PartialResultsOptions
{
    /// <summary>Gets or sets the share of operations, from 0 to 1, that must succeed for the partial result to be accepted.</summary>
    /// <value>The default value is 0.5.</value>
    [Range(0d, 1d)]
    public double MinSuccessRatio { get; set; } = PartialResultsConstants.DefaultMinSuccessRatio;

    /// <summary>Gets or sets how long to wait for the operations; stragglers are then cancelled and count as failures.</summary>
    /// <value>The default is <see langword="null"/>: wait for every operation. When set, it must be positive.</value>
    public TimeSpan? Deadline { get; set; }

    /// <summary>Gets or sets the clock that measures <see cref="Deadline"/>.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }
}

namespace Resilience.Degradation;

/// <summary>Defaults of the partial-results helper.</summary>
internal static class PartialResultsConstants
{
    /// <summary>The share of operations that must succeed for a partial result to be accepted by default.</summary>
    public const double DefaultMinSuccessRatio = 0.5;
}

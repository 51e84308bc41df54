namespace Resilience.CircuitBreaking.Internal;

/// <summary>The counts of a <see cref="HealthWindow"/> at one instant.</summary>
internal readonly record struct WindowCounts(long Successes, long Failures)
{
    public long Total => Successes + Failures;
}

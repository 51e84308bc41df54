namespace Resilience.Redis.Internal;

/// <summary>A sample of one local breaker, taken by the background loop (never on the call path).</summary>
/// <param name="Calls">Calls in the local breaker's current window.</param>
/// <param name="Failures">Failures in the local breaker's current window.</param>
/// <param name="IsOpen">Whether the local breaker is open or half-open by its own decision.</param>
/// <param name="Demand">Calls rejected because of the shared hold since the previous sample.</param>
internal readonly record struct LocalHealth(long Calls, long Failures, bool IsOpen, long Demand);

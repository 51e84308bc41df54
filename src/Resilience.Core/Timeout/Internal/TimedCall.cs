namespace Resilience.Timeout.Internal;

/// <summary>What the end of a timed call needs to know about its start.</summary>
internal readonly record struct TimedCall(TimeoutScope Scope, long Armed, string OperationType, TimeSpan Timeout, CancellationToken CallerToken);

namespace Resilience.Timeout.Internal;

/// <summary>What the end of a timed call needs to know about its start.</summary>
/// <remarks><see cref="Outer"/> is the enclosing call whose deadline capped this one, if any; <see cref="Name"/> is the
/// <c>timeout.name</c> of its telemetry.</remarks>
internal readonly record struct TimedCall(TimeoutScope Scope, long Armed, TimeoutScope? Outer, string Name, string OperationType, TimeSpan Timeout, CancellationToken CallerToken);

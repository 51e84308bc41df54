namespace Resilience.A2A;

/// <summary>
/// What the resilience pipeline knows about the A2A call it runs, stored in the <see cref="ResilienceContext"/> under
/// <see cref="A2AResiliencePredicates.CallInfoKey"/>.
/// </summary>
/// <param name="Operation">The kind of call.</param>
/// <param name="AllowRetry">Whether the caller declared a send safe to repeat (<see cref="A2ASendOptions.AllowRetry"/>).</param>
public readonly record struct A2ACallInfo(A2AOperationKind Operation, bool AllowRetry);

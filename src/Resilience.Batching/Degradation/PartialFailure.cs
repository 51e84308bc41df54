namespace Resilience.Degradation;

/// <summary>An operation of a <see cref="PartialResults"/> call that failed, or missed the deadline.</summary>
/// <param name="Index">The operation's position in the list given to <see cref="PartialResults"/>.</param>
/// <param name="Exception">Why it failed; a <see cref="TimeoutException"/> for an operation cut off by the deadline.</param>
public readonly record struct PartialFailure(int Index, Exception Exception);

namespace Resilience.Batching;

/// <summary>An item of a batch that the caller's processor could not process; the other items of the batch succeeded.</summary>
/// <param name="Index">The item's position in the batch handed to the processor.</param>
/// <param name="Error">Why it failed.</param>
public readonly record struct BatchItemFailure(int Index, Exception Error);

namespace Resilience.Batching;

/// <summary>An item that the caller's processor reported as failed, with its error. Failed items are final: they are not retried.</summary>
/// <typeparam name="TItem">The type of the items.</typeparam>
/// <param name="Item">The item.</param>
/// <param name="Error">Why it failed.</param>
public readonly record struct FailedItem<TItem>(TItem Item, Exception Error);

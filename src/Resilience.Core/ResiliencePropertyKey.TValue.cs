namespace Resilience;

/// <summary>A typed key for a <see cref="ResilienceContext"/> property.</summary>
/// <typeparam name="TValue">The type of the property's value.</typeparam>
/// <param name="Key">The key's name; keys with the same name refer to the same property.</param>
public readonly record struct ResiliencePropertyKey<TValue>(string Key);

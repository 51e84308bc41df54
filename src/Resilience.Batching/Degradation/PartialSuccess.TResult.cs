namespace Resilience.Degradation;

/// <summary>An operation of a <see cref="PartialResults"/> call that succeeded.</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
/// <param name="Index">The operation's position in the list given to <see cref="PartialResults"/>.</param>
/// <param name="Value">The operation's result.</param>
public readonly record struct PartialSuccess<TResult>(int Index, TResult Value);

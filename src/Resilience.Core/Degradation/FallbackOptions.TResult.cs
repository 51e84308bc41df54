using Resilience.Internal;


namespace Resilience.Degradation;

/// <summary>Options of a <see cref="FallbackStrategy{TResult}"/>: what counts as a failure and what to return instead.</summary>
/// <typeparam name="TResult">The type of the result the fallback produces.</typeparam>
public class FallbackOptions<TResult> : IValidatableOptions
{
    /// <summary>Gets or sets the predicate that decides whether an outcome of the primary is a failure to fall back on.</summary>
    /// <value>
    /// The default is <see langword="null"/>: every exception and every rejection (an open circuit, a full bulkhead) is
    /// handled, except an <see cref="OperationCanceledException"/> raised because the caller cancelled.
    /// </value>
    public Func<OutcomeArguments, bool>? ShouldHandle { get; set; }

    /// <summary>Gets or sets the operation that produces the result when the primary failed. Required.</summary>
    /// <value>The default is <see langword="null"/>; a fallback stage cannot be built without it.</value>
    public Func<FallbackArguments<TResult>, ValueTask<TResult>>? FallbackAction { get; set; }

    /// <summary>Gets or sets a callback invoked before the fallback action runs, for logging or metrics.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<FallbackArguments<TResult>, ValueTask>? OnFallback { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.NotNull(FallbackAction, nameof(FallbackAction));
        return guard.Errors;
    }
}

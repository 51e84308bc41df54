namespace Resilience;

/// <summary>
/// What a predicate sees of an outcome when it decides whether a stage handles it (counts it as a failure,
/// retries it, falls back on it). Predicates take <c>Func&lt;OutcomeArguments, bool&gt;</c>.
/// </summary>
/// <remarks>
/// A stage with no custom predicate decides on the exception alone and never builds these arguments. With a
/// custom predicate, a value-type result is boxed into <see cref="Result"/>; results of reference types
/// (such as <c>HttpResponseMessage</c>) are not copied.
/// </remarks>
public readonly struct OutcomeArguments
{
    /// <summary>Initializes a new instance of the <see cref="OutcomeArguments"/> struct.</summary>
    /// <param name="exception">The exception, if the operation threw.</param>
    /// <param name="result">The result, if the operation returned one.</param>
    /// <param name="context">The call's context.</param>
    public OutcomeArguments(Exception? exception, object? result, ResilienceContext context)
    {
        Exception = exception;
        Result = result;
        Context = context;
    }

    /// <summary>Gets the exception, or <see langword="null"/> when the operation returned a result.</summary>
    public Exception? Exception { get; }

    /// <summary>Gets the result, or <see langword="null"/> when the operation threw.</summary>
    public object? Result { get; }

    /// <summary>Gets the call's context.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Creates the arguments for an outcome.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="outcome">The outcome.</param>
    /// <param name="context">The call's context.</param>
    /// <returns>The arguments.</returns>
    public static OutcomeArguments From<TResult>(in Outcome<TResult> outcome, ResilienceContext context) =>
        new(outcome.Exception, outcome.HasResult ? outcome.Result : null, context);
}
